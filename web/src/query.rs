//! Query strings as static pages read them: `?a=1&b&c=x%20y`, shared by
//! the embed view, the workshop and the service worker's language choice.

/// `a=1&b&c=x%20y` as decoded pairs (values are percent-decoded, `+` is a space).
pub fn query_pairs(search: &str) -> impl Iterator<Item = (&str, String)> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key, percent_decode(value))
        })
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_percent_decoded() {
        let pairs: Vec<(&str, String)> = query_pairs("?a=1&b&c=x%20y+z").collect();
        assert_eq!(
            pairs,
            [
                ("a", "1".to_owned()),
                ("b", String::new()),
                ("c", "x y z".to_owned())
            ]
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%E6%97%A5+x"), "日 x");
    }
}
