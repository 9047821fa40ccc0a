//! Values from the address: path parameters, query parameters and page
//! numbers. Whatever a visitor types there, the answer is a page: an id that
//! does not parse names nothing (404 page), a query that does not parse is a
//! bad request (400 page), and page numbers and other numbers in the query
//! parse leniently, so that `?page=18446744073709551615` or `?page=abc` never
//! reach arithmetic that could overflow.

use std::marker::PhantomData;
use std::num::IntErrorKind;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};

use crate::AppError;

/// The last page number any list is asked for: far beyond every real list,
/// and small enough that `page * per_page` stays far from overflowing.
pub const MAX_PAGE: u64 = 100_000;

/// Path parameters; one that does not parse (`/processes/abc`,
/// `/processes/99999999999999999999`) gets the 404 page, as it names nothing.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_| AppError::not_found())
    }
}

/// Query parameters; a query that does not parse gets the 400 page (the
/// numeric fields of the query structs use [`PageNumber`] and [`Num`], which
/// never fail).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|_| AppError::bad_request())
    }
}

/// A page number from 1 to [`MAX_PAGE`]: anything that is not a number
/// (`abc`, `-1`, `0`, empty) is page 1, and larger numbers are the last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(u64);

impl PageNumber {
    pub fn parse(s: &str) -> PageNumber {
        PageNumber(match s.trim().parse::<u64>() {
            Ok(n) => n.clamp(1, MAX_PAGE),
            Err(e) if *e.kind() == IntErrorKind::PosOverflow => MAX_PAGE,
            Err(_) => 1,
        })
    }

    /// The page, counted from 1.
    pub fn get(self) -> u64 {
        self.0
    }

    /// The page, counted from 0 (as the database's lists count).
    pub fn index(self) -> u64 {
        self.0 - 1
    }
}

impl Default for PageNumber {
    fn default() -> Self {
        PageNumber(1)
    }
}

impl std::fmt::Display for PageNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl serde::Serialize for PageNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for PageNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Num::<String>::deserialize(d)?
            .0
            .map(|s| PageNumber::parse(&s))
            .unwrap_or_default())
    }
}

/// A number in the query that may be missing or malformed: `None` then, never
/// a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num<T>(pub Option<T>);

impl<T> Default for Num<T> {
    fn default() -> Self {
        Num(None)
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Num<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text<T>(PhantomData<T>);
        impl<T: FromStr> Visitor<'_> for Text<T> {
            type Value = Num<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num<T>, E> {
                Ok(Num(v.trim().parse().ok()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num<T>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Num<T>, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(Text(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_never_fail_and_stay_in_range() {
        for (s, page) in [
            ("", 1),
            ("1", 1),
            ("7", 7),
            (" 7 ", 7),
            ("0", 1),
            ("-1", 1),
            ("abc", 1),
            ("1.5", 1),
            ("18446744073709551615", MAX_PAGE),
            ("99999999999999999999999", MAX_PAGE),
            ("-99999999999999999999999", 1),
        ] {
            assert_eq!(PageNumber::parse(s).get(), page, "{s:?}");
        }
    }

    #[test]
    fn query_numbers_parse_leniently() {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Q {
            page: PageNumber,
            seed: Num<u32>,
            to: Num<i32>,
        }
        let parse = |query: &str| -> Q {
            let uri: axum::http::Uri = format!("/x?{query}").parse().unwrap();
            axum::extract::Query::try_from_uri(&uri).unwrap().0
        };
        let q = parse("page=abc&seed=-4&to=99999999999");
        assert_eq!((q.page.get(), q.seed.0, q.to.0), (1, None, None));
        let q = parse("page=3&seed=42&to=-2");
        assert_eq!((q.page.get(), q.seed.0, q.to.0), (3, Some(42), Some(-2)));
        let q = parse("");
        assert_eq!((q.page.get(), q.seed.0), (1, None));
    }
}
