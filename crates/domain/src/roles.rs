use serde::Serialize;

/// What a person may do on the platform. Staff belong to one department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Citizen,
    Staff,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Citizen, Role::Staff, Role::Moderator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Staff => "staff",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Administrators manage departments, users and roles.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }

    /// Department staff run processes of their own department; a role other than
    /// staff never carries a department.
    pub fn needs_department(self) -> bool {
        self == Role::Staff
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_admins_administer() {
        assert!(Role::Admin.can_administer());
        assert!(!Role::Moderator.can_administer());
        assert!(!Role::Staff.can_administer());
        assert!(!Role::Citizen.can_administer());
    }
}
