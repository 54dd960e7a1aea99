//! Keyboard shortcuts: which key does what, as a plain function.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    NextFinding,
    PreviousFinding,
    ApplyFix,
    ShowList,
}

/// The keys as the shortcut list shows them, with what they do.
pub const KEYS: [(&str, Shortcut); 4] = [
    ("F8", Shortcut::NextFinding),
    ("Shift + F8", Shortcut::PreviousFinding),
    ("Alt + Enter", Shortcut::ApplyFix),
    ("?", Shortcut::ShowList),
];

/// The shortcut for a key press. `?` only counts outside text fields, where
/// it would otherwise type a question mark.
pub fn shortcut(
    key: &str,
    shift: bool,
    alt: bool,
    ctrl: bool,
    in_text_field: bool,
) -> Option<Shortcut> {
    match (key, shift, alt, ctrl) {
        ("F8", false, false, false) => Some(Shortcut::NextFinding),
        ("F8", true, false, false) => Some(Shortcut::PreviousFinding),
        ("Enter", false, true, false) => Some(Shortcut::ApplyFix),
        ("?", _, false, false) if !in_text_field => Some(Shortcut::ShowList),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_shortcuts() {
        assert_eq!(
            shortcut("F8", false, false, false, true),
            Some(Shortcut::NextFinding)
        );
        assert_eq!(
            shortcut("F8", true, false, false, true),
            Some(Shortcut::PreviousFinding)
        );
        assert_eq!(
            shortcut("Enter", false, true, false, true),
            Some(Shortcut::ApplyFix)
        );
        assert_eq!(shortcut("Enter", false, false, false, true), None);
        assert_eq!(
            shortcut("?", true, false, false, false),
            Some(Shortcut::ShowList)
        );
        assert_eq!(shortcut("?", true, false, false, true), None);
        assert_eq!(shortcut("F8", false, false, true, false), None);
    }
}
