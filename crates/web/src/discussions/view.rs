//! Comments as the templates show them: a tree at most three levels deep, with
//! what the viewer may do with each.

use std::collections::HashMap;

use chrono::Utc;
use db::comments::{Comment, Thread};
use domain::Role;
use domain::comments::{MAX_DEPTH, may_edit};
use serde::Serialize;

use crate::{dates, markdown};

#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    pub user_id: Option<i64>,
    pub role: Option<Role>,
}

impl Viewer {
    pub fn of(user: Option<&db::accounts::User>) -> Viewer {
        Viewer {
            user_id: user.map(|u| u.id),
            role: user.map(|u| u.role),
        }
    }

    pub fn moderates(&self) -> bool {
        matches!(self.role, Some(Role::Moderator | Role::Admin))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    /// "staff", "moderator" or "admin" when the author speaks for the
    /// administration (shown as an official mark), else empty.
    pub official: &'static str,
    /// The department staff speak for.
    pub department: Option<String>,
    pub body_html: String,
    pub created: String,
    pub created_iso: String,
    pub edited: bool,
    pub deleted: bool,
    /// The translation key of the rule under which the moderation hid it.
    pub hidden: Option<&'static str>,
    /// Personal data was edited out by the moderation.
    pub moderated: bool,
    pub agree: i32,
    pub disagree: i32,
    pub my: i32,
    pub can_edit: bool,
    pub can_delete: bool,
    /// Written by the viewer (who cannot react to it).
    pub own: bool,
    /// Shown for replies that were flattened into a deeper level.
    pub reply_to: Option<String>,
    pub depth: i32,
    pub replies: Vec<CommentView>,
    /// For a reply from the fediverse: the address of the original post.
    pub origin: Option<String>,
    /// Waits for a moderator: only its author and moderators see it.
    pub held: bool,
}

pub fn comment_view(
    c: &Comment,
    viewer: Viewer,
    lang: &str,
    reply_to: Option<String>,
) -> CommentView {
    let own = viewer.user_id == Some(c.author_id);
    let hidden = c.hidden_rule.as_deref().map(|r| {
        domain::moderation::Rule::parse(r).map_or("moderation-rule-none", app::moderation::rule_key)
    });
    CommentView {
        id: c.id,
        author: c.author_name.clone(),
        official: match domain::Role::parse(&c.author_role) {
            Some(domain::Role::Staff) => "staff",
            Some(domain::Role::Moderator) => "moderator",
            Some(domain::Role::Admin) => "admin",
            _ => "",
        },
        department: c.author_department.clone(),
        body_html: if c.deleted || hidden.is_some() {
            String::new()
        } else {
            markdown::plain_to_html(&c.body)
        },
        created: dates::datetime(c.created_at, lang),
        created_iso: c.created_at.to_rfc3339(),
        edited: c.edited,
        deleted: c.deleted,
        hidden,
        moderated: c.moderated,
        agree: c.agree,
        disagree: c.disagree,
        my: c.my_reaction,
        can_edit: own && !c.deleted && may_edit(c.created_at, Utc::now()),
        can_delete: !c.deleted && (own || viewer.moderates()),
        own,
        reply_to,
        depth: c.depth,
        replies: vec![],
        origin: None,
        held: c.held.is_some(),
    }
}

/// Arranges a page of comments into trees: replies under their top-level
/// comment, deeper replies under their level-1 ancestor.
pub fn build(thread: &Thread, viewer: Viewer, lang: &str) -> Vec<CommentView> {
    let by_id: HashMap<i64, &Comment> = thread
        .roots
        .iter()
        .chain(thread.replies.iter())
        .map(|c| (c.id, c))
        .collect();
    // The level-1 comment a reply is listed under (itself at level 1).
    let anchor = |c: &Comment| -> Option<i64> {
        let mut cur = c;
        while cur.depth > 1 {
            cur = by_id.get(&cur.parent_id?)?;
        }
        (cur.depth == 1).then_some(cur.id)
    };
    let mut level2: HashMap<i64, Vec<CommentView>> = HashMap::new();
    let mut level1: HashMap<i64, Vec<CommentView>> = HashMap::new();
    for r in &thread.replies {
        let parent = r.parent_id.and_then(|p| by_id.get(&p));
        if r.depth >= MAX_DEPTH {
            let reply_to = parent
                .filter(|p| p.depth >= MAX_DEPTH)
                .map(|p| p.author_name.clone());
            if let Some(a) = anchor(r) {
                level2
                    .entry(a)
                    .or_default()
                    .push(comment_view(r, viewer, lang, reply_to));
            }
        } else if let Some(root) = r.root_id {
            level1
                .entry(root)
                .or_default()
                .push(comment_view(r, viewer, lang, None));
        }
    }
    thread
        .roots
        .iter()
        .map(|root| {
            let mut v = comment_view(root, viewer, lang, None);
            v.replies = level1
                .remove(&root.id)
                .unwrap_or_default()
                .into_iter()
                .map(|mut l1| {
                    l1.replies = level2.remove(&l1.id).unwrap_or_default();
                    l1
                })
                .collect();
            v
        })
        .collect()
}

/// Marks the comments that came from the fediverse with their origin.
fn mark_origins(views: &mut [CommentView], origins: &HashMap<i64, String>) {
    for v in views {
        v.origin = origins.get(&v.id).cloned();
        mark_origins(&mut v.replies, origins);
    }
}

/// One page of a discussion, arranged for its page: the comment trees, the
/// order and where the page stands.
pub struct ThreadPage {
    pub comments: Vec<CommentView>,
    pub total_roots: u64,
    pub sort: domain::comments::Sort,
    /// The page shown, from 1.
    pub page: u64,
    pub pages: u64,
}

/// Loads the page of `subject`'s discussion that `sort` and `page` ask for,
/// as `ctx`'s reader sees it (their reactions, their edit links).
pub async fn thread_page(
    db: &db::Db,
    ctx: &crate::Ctx,
    subject: db::comments::Subject,
    sort: &str,
    page: u64,
) -> Result<ThreadPage, db::DbError> {
    use domain::comments::{PAGE_SIZE, Sort};
    let sort = Sort::parse(sort);
    let page = page.max(1);
    let viewer = Viewer::of(ctx.user.as_deref());
    let thread = db::comments::page(
        db,
        subject,
        sort,
        page - 1,
        PAGE_SIZE,
        viewer.user_id,
        viewer.moderates(),
    )
    .await?;
    let mut comments = build(&thread, viewer, ctx.lang);
    let ids: Vec<i64> = thread
        .roots
        .iter()
        .chain(thread.replies.iter())
        .map(|c| c.id)
        .collect();
    let origins: HashMap<i64, String> = db::federation::origins(db, &ids)
        .await?
        .into_iter()
        .map(|o| (o.comment_id, o.url))
        .collect();
    if !origins.is_empty() {
        mark_origins(&mut comments, &origins);
    }
    Ok(ThreadPage {
        comments,
        total_roots: thread.total_roots,
        sort,
        page,
        pages: thread.total_roots.div_ceil(PAGE_SIZE).max(1),
    })
}
