//! Reports and moderation decisions (notice and action, EU Digital Services
//! Act Art. 16 and 17): why something is reported, which rule a hidden item
//! broke, and what a moderator may decide.

use crate::limits::RateLimit;
use crate::validation::FieldErrors;

/// The kinds of item that can be reported and decided on: one mechanism,
/// and each kind says where its text lives and how it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Comment,
    /// An idea: hiding shows the note on its page and cards, and takes it
    /// out of the search and the map.
    Idea,
    /// A statement of an opinion map: hiding moderates it out of the map.
    OpinionStatement,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [
        ItemKind::Comment,
        ItemKind::Idea,
        ItemKind::OpinionStatement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Comment => "comment",
            ItemKind::Idea => "idea",
            ItemKind::OpinionStatement => "opinion-statement",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a person reports an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Insult,
    Spam,
    OffTopic,
    PersonalData,
    Illegal,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::Insult,
        Reason::Spam,
        Reason::OffTopic,
        Reason::PersonalData,
        Reason::Illegal,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Insult => "insult",
            Reason::Spam => "spam",
            Reason::OffTopic => "off-topic",
            Reason::PersonalData => "personal-data",
            Reason::Illegal => "illegal",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Anonymous readers may only report what may be against the law: the
    /// other reasons are for the community, which has accounts.
    pub fn open_to_anonymous(self) -> bool {
        self == Reason::Illegal
    }
}

/// The rule of the netiquette, the terms or the law a hidden item broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    NetiquetteInsult,
    NetiquetteSpam,
    NetiquetteOffTopic,
    NetiquettePersonalData,
    TermsAdvertising,
    LawCriminal,
    LawPersonalRights,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::NetiquetteInsult,
        Rule::NetiquetteSpam,
        Rule::NetiquetteOffTopic,
        Rule::NetiquettePersonalData,
        Rule::TermsAdvertising,
        Rule::LawCriminal,
        Rule::LawPersonalRights,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NetiquetteInsult => "netiquette-insult",
            Rule::NetiquetteSpam => "netiquette-spam",
            Rule::NetiquetteOffTopic => "netiquette-off-topic",
            Rule::NetiquettePersonalData => "netiquette-personal-data",
            Rule::TermsAdvertising => "terms-advertising",
            Rule::LawCriminal => "law-criminal",
            Rule::LawPersonalRights => "law-personal-rights",
        }
    }

    pub fn parse(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What a moderator decides on the reports of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing wrong: the reports are closed.
    Keep,
    /// Replaced by a public note naming the rule.
    Hide,
    /// Personal data edited out by the moderator; the item is marked.
    Edit,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Hide => "hide",
            Action::Edit => "edit",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        [Action::Keep, Action::Hide, Action::Edit]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// The longest note to a report, statement of reasons or appeal.
pub const TEXT_MAX_CHARS: usize = 2_000;

/// Reports one person (or one address) may send in an hour.
pub const REPORTS_PER_HOUR: RateLimit = RateLimit::per_minutes(20, 60);

/// An optional text, trimmed, within the limit.
pub fn optional_text(errors: &mut FieldErrors, field: &'static str, text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > TEXT_MAX_CHARS {
        errors.add(field, "error-moderation-text-too-long");
    }
    t.to_owned()
}

/// A text that must be given, trimmed, within the limit.
pub fn required_text(errors: &mut FieldErrors, field: &'static str, text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        errors.add(field, "error-required");
    } else if t.chars().count() > TEXT_MAX_CHARS {
        errors.add(field, "error-moderation-text-too-long");
    }
    t.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_rules_read_back_what_they_write() {
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.as_str()), Some(r));
        }
        for k in ItemKind::ALL {
            assert_eq!(ItemKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Reason::parse("nonsense"), None);
        assert!(Reason::Illegal.open_to_anonymous());
        assert!(!Reason::Insult.open_to_anonymous());
    }
}
