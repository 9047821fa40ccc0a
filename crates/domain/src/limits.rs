use std::time::Duration;

pub const EMAIL_MAX_CHARS: usize = 254;
pub const DISPLAY_NAME_MIN_CHARS: usize = 2;
pub const DISPLAY_NAME_MAX_CHARS: usize = 50;
pub const PASSWORD_MIN_CHARS: usize = 10;
/// Argon2 works on any length, but a megabyte password is only a way to burn CPU.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const DEPARTMENT_NAME_MAX_CHARS: usize = 120;

/// How long a link in a verification or reset mail stays valid.
pub const EMAIL_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);
pub const RESET_TOKEN_TTL: Duration = Duration::from_secs(3600);
/// How long a login lasts without a new login.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// A fixed-window limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window: Duration,
}

impl RateLimit {
    pub const fn per_minutes(max: u32, minutes: u64) -> Self {
        Self {
            max,
            window: Duration::from_secs(minutes * 60),
        }
    }
}

/// The throttles on account actions. They live in the database, so they hold
/// across several instances of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Failed logins for one account from one client address. Counted per
    /// pair, so that failures from elsewhere do not lock the owner out.
    pub login_per_account_and_ip: RateLimit,
    /// Failed logins for one account from all addresses together: the
    /// ceiling for an attacker who spreads guesses over many addresses.
    pub login_per_account: RateLimit,
    /// Login attempts from one address, successful or not.
    pub login_per_ip: RateLimit,
    pub register_per_ip: RateLimit,
    /// Mails (reset, verification) requested for one address or account.
    pub mail_per_account: RateLimit,
    pub mail_per_ip: RateLimit,
    /// Comments and replies one person may write.
    pub comments_per_account: RateLimit,
    /// Attempts to submit an idea (each may carry pictures to decode).
    pub ideas_per_account: RateLimit,
    /// Co-author invitations one person may send, to any address.
    pub invitations_per_account: RateLimit,
    /// Requests through one personal API token.
    pub api_per_token: RateLimit,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            login_per_account_and_ip: RateLimit::per_minutes(5, 15),
            login_per_account: RateLimit::per_minutes(100, 60),
            login_per_ip: RateLimit::per_minutes(30, 15),
            register_per_ip: RateLimit::per_minutes(10, 60),
            mail_per_account: RateLimit::per_minutes(3, 60),
            mail_per_ip: RateLimit::per_minutes(20, 60),
            comments_per_account: RateLimit::per_minutes(10, 5),
            ideas_per_account: RateLimit::per_minutes(20, 60),
            invitations_per_account: RateLimit::per_minutes(20, 60),
            api_per_token: RateLimit::per_minutes(120, 1),
        }
    }
}
