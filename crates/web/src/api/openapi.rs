//! The OpenAPI document, built from the code: every wire type describes
//! itself (`Schema`, derived by the `wire!` macro from its fields' types) and
//! every route is entered once, in `Endpoints`, which both mounts the handler
//! and lists it in the document. Nothing here is written twice by hand.

use serde_json::{Map, Value, json};

/// A type that describes its JSON form.
pub trait Schema {
    fn schema() -> Value;
}

impl Schema for i64 {
    fn schema() -> Value {
        json!({ "type": "integer", "format": "int64" })
    }
}

impl Schema for i32 {
    fn schema() -> Value {
        json!({ "type": "integer", "format": "int32" })
    }
}

impl Schema for f64 {
    fn schema() -> Value {
        json!({ "type": "number", "format": "double" })
    }
}

impl Schema for bool {
    fn schema() -> Value {
        json!({ "type": "boolean" })
    }
}

impl Schema for String {
    fn schema() -> Value {
        json!({ "type": "string" })
    }
}

impl Schema for chrono::DateTime<chrono::Utc> {
    fn schema() -> Value {
        json!({ "type": "string", "format": "date-time" })
    }
}

impl Schema for chrono::NaiveDate {
    fn schema() -> Value {
        json!({ "type": "string", "format": "date" })
    }
}

impl<T: Schema> Schema for Option<T> {
    fn schema() -> Value {
        let mut s = T::schema();
        if let Value::Object(m) = &mut s {
            m.insert("nullable".into(), Value::Bool(true));
        }
        s
    }
}

impl<T: Schema> Schema for Vec<T> {
    fn schema() -> Value {
        json!({ "type": "array", "items": T::schema() })
    }
}

/// An object schema whose listed properties are all present (absent values
/// are `null`, never left out).
pub fn object(props: &[(&str, Value, &str)]) -> Value {
    let mut m = Map::new();
    for (name, schema, doc) in props {
        let mut s = schema.clone();
        if let (Value::Object(o), false) = (&mut s, doc.is_empty()) {
            o.insert("description".into(), Value::String(doc.trim().to_owned()));
        }
        m.insert((*name).to_owned(), s);
    }
    let required: Vec<&str> = props.iter().map(|(n, _, _)| *n).collect();
    json!({
        "type": "object",
        "properties": m,
        "required": required,
        "additionalProperties": false,
    })
}

/// Declares a wire struct (serialized as JSON) and its schema from the same
/// field list.
macro_rules! wire {
    ($(#[doc = $sdoc:literal])* pub struct $name:ident {
        $( $(#[doc = $doc:literal])* pub $field:ident : $ty:ty ),* $(,)?
    }) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
        pub struct $name { $( $(#[doc = $doc])* pub $field: $ty ),* }

        impl $crate::api::openapi::Schema for $name {
            fn schema() -> serde_json::Value {
                $crate::api::openapi::object(&[
                    $( (
                        stringify!($field),
                        <$ty as $crate::api::openapi::Schema>::schema(),
                        concat!($($doc),*),
                    ) ),*
                ])
            }
        }
    };
}
pub(crate) use wire;

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy)]
pub enum In {
    Path,
    Query,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: &'static str,
    pub at: In,
    pub schema: Value,
    pub doc: &'static str,
}

impl Param {
    pub fn path(name: &'static str, doc: &'static str) -> Param {
        Param {
            name,
            at: In::Path,
            schema: json!({ "type": "integer", "format": "int64" }),
            doc,
        }
    }

    pub fn query(name: &'static str, schema: Value, doc: &'static str) -> Param {
        Param {
            name,
            at: In::Query,
            schema,
            doc,
        }
    }
}

/// One route as the document lists it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: &'static str,
    /// The path in OpenAPI's (and axum's) `{name}` form.
    pub path: &'static str,
    /// A translation key for the API page; its English text is the summary.
    pub summary_key: &'static str,
    pub summary: &'static str,
    pub params: Vec<Param>,
    pub response: Value,
    /// The scope a token needs (writes); none for public reads.
    pub scope: Option<&'static str>,
    pub request: Option<Value>,
    /// Whether the answer carries an ETag and may be 304.
    pub etag: bool,
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "type": { "type": "string" },
            "title": { "type": "string" },
            "status": { "type": "integer" },
            "detail": { "type": "string" },
            "errors": { "type": "object", "additionalProperties": { "type": "string" } },
        },
        "required": ["type", "title", "status"],
    })
}

fn problem(desc: &str) -> Value {
    json!({
        "description": desc,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } },
    })
}

/// The whole document.
pub fn document(endpoints: &[Endpoint], version: &str) -> Value {
    let mut paths = Map::new();
    for e in endpoints {
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "in": match p.at { In::Path => "path", In::Query => "query" },
                    "required": matches!(p.at, In::Path),
                    "description": p.doc,
                    "schema": p.schema,
                })
            })
            .collect();
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({
                "description": "OK",
                "content": { "application/json": { "schema": e.response } },
            }),
        );
        if e.etag {
            responses.insert(
                "304".into(),
                json!({ "description": "Not modified (If-None-Match matched the ETag)" }),
            );
        }
        responses.insert("400".into(), problem("Invalid parameters"));
        if e.params.iter().any(|p| matches!(p.at, In::Path)) {
            responses.insert("404".into(), problem("Not found"));
        }
        if e.scope.is_some() {
            responses.insert("401".into(), problem("No valid token"));
            responses.insert(
                "403".into(),
                problem("The token lacks the scope or the permission"),
            );
            responses.insert("404".into(), problem("Not found"));
            responses.insert("429".into(), problem("Too many requests"));
        }
        let mut op = json!({
            "operationId": e.summary_key,
            "summary": e.summary,
            "parameters": params,
            "responses": responses,
        });
        if let Some(scope) = e.scope {
            op["security"] = json!([{ "token": [scope] }]);
            op["description"] = Value::String(format!(
                "Needs a personal API token with the scope `{scope}`."
            ));
        }
        if let Some(body) = &e.request {
            op["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": body } },
            });
        }
        let item = paths
            .entry(e.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        item[e.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "mitreden open data API",
            "version": version,
            "description": "Public data of the participation platform: processes, ideas with official answers, comments, documents. Personal data never appears: people are named by their display name only.",
            "license": { "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0", "url": "https://www.govdata.de/dl-de/by-2-0" },
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": { "Problem": problem_schema() },
            "securitySchemes": {
                "token": { "type": "http", "scheme": "bearer", "description": "A personal API token, created by staff in their settings." },
            },
        },
    })
}
