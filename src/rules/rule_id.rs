//! A rule's id as findings, configuration, suppressions and reports carry it:
//! a built-in rule's code, or the `namespace/name` id a rule file gives. Both
//! are `Copy` and compare cheaply; names are parsed into ids at the edges
//! (flags, configuration, suppression comments, baselines) and never compared
//! as strings inside the code.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use crate::rules::registry::{RuleCode, UnknownRule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Builtin(RuleCode),
    Custom(CustomId),
}

/// The id of a rule from a rule file (`team/misused-terms`), interned: each
/// distinct id is stored once for the life of the process, so the id is a
/// pointer-sized `Copy` value that still prints and orders by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomId(&'static str);

impl CustomId {
    /// Interns `id`, which must be a valid custom id (see `is_custom_id`).
    pub fn intern(id: &str) -> CustomId {
        static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
        // A poisoned lock still holds a consistent set: no code path panics
        // while inserting.
        let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&name) = names.get(id) {
            return CustomId(name);
        }
        let name: &'static str = Box::leak(id.to_string().into_boxed_str());
        names.insert(name);
        CustomId(name)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// `namespace/name`: one slash, both parts kebab-case (lower-case letters,
/// digits and single inner hyphens).
pub fn is_custom_id(id: &str) -> bool {
    let kebab = |s: &str| {
        !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match id.split_once('/') {
        Some((namespace, name)) => kebab(namespace) && kebab(name),
        None => false,
    }
}

impl RuleId {
    pub fn name(self) -> &'static str {
        match self {
            RuleId::Builtin(code) => code.name(),
            RuleId::Custom(id) => id.as_str(),
        }
    }

    pub fn builtin(self) -> Option<RuleCode> {
        match self {
            RuleId::Builtin(code) => Some(code),
            RuleId::Custom(_) => None,
        }
    }
}

impl From<RuleCode> for RuleId {
    fn from(code: RuleCode) -> RuleId {
        RuleId::Builtin(code)
    }
}

impl PartialEq<RuleCode> for RuleId {
    fn eq(&self, other: &RuleCode) -> bool {
        *self == RuleId::Builtin(*other)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// Stored by name (caches, baselines), as `RuleCode` is.
impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// A built-in name, or any well-formed custom id: whether a rule file
/// defines it is checked where the rule files are known.
impl FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(code) = s.parse::<RuleCode>() {
            return Ok(RuleId::Builtin(code));
        }
        if is_custom_id(s) {
            return Ok(RuleId::Custom(CustomId::intern(s)));
        }
        Err(UnknownRule(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_and_custom_ids_parse() {
        assert_eq!(
            "missing-grade".parse::<RuleId>().unwrap(),
            RuleCode::MissingGrade
        );
        let a: RuleId = "team/misused-terms".parse().unwrap();
        let b: RuleId = "team/misused-terms".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.name(), "team/misused-terms");
        assert_eq!(a.to_string(), "team/misused-terms");
        for bad in [
            "team",
            "Team/x",
            "team/",
            "/x",
            "team/x/y",
            "team/-x",
            "no-such-rule",
        ] {
            assert!(bad.parse::<RuleId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_order_builtins_first_then_by_name() {
        let mut ids: Vec<RuleId> = ["b/x", "a/y", "typo"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let names: Vec<&str> = ids.iter().map(|i| i.name()).collect();
        assert_eq!(names, ["typo", "a/y", "b/x"]);
    }
}
