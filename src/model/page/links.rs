//! Web addresses and e-mail addresses in a text, with what a hyperlink to
//! each should open (`https://…`, `mailto:…`). Only printable ASCII goes
//! into a target, so a page can never smuggle a control sequence into one.

/// A link in a text: its byte range there and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub target: String,
}

/// Every web and e-mail address in `text`, in order, not overlapping.
pub fn find_links(text: &str) -> Vec<Link> {
    let mut links = web_addresses(text);
    let mut mails: Vec<Link> = email_addresses(text)
        .into_iter()
        .filter(|mail| {
            !links
                .iter()
                .any(|web| mail.start < web.end && web.start < mail.end)
        })
        .collect();
    links.append(&mut mails);
    links.sort_by_key(|link| link.start);
    links
}

/// Characters a web address can hold (RFC 3986's, less the ones prose
/// puts around addresses).
fn in_url(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|')
}

fn web_addresses(text: &str) -> Vec<Link> {
    let bytes = text.as_bytes();
    let mut links = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        let scheme = ["https://", "http://", "www."]
            .into_iter()
            .find(|prefix| starts_with_ignore_case(rest, prefix));
        let at_word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let (Some(scheme), true) = (scheme, at_word_start) else {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut end = at + scheme.len();
        while end < bytes.len() && in_url(bytes[end]) {
            end += 1;
        }
        end = trim_trailing(text, at, end);
        let host_start = at + if scheme == "www." { 0 } else { scheme.len() };
        if end > host_start && text[host_start..end].contains('.') {
            let written = &text[at..end];
            let target = if scheme == "www." {
                format!("https://{written}")
            } else {
                written.to_string()
            };
            links.push(Link {
                start: at,
                end,
                target,
            });
            at = end;
        } else {
            at += scheme.len();
        }
    }
    links
}

/// Punctuation that ends a sentence, not an address; a `)` stays when the
/// address opened as many.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let last = text.as_bytes()[end - 1];
        let inside = &text[start..end];
        let keep_paren = inside.matches('(').count() >= inside.matches(')').count();
        if matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b']')
            || (last == b')' && !keep_paren)
        {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn email_addresses(text: &str) -> Vec<Link> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut links = Vec::new();
    let mut searched = 0;
    while let Some(found) = memchr::memchr(b'@', &bytes[searched..]) {
        let at = searched + found;
        searched = at + 1;
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        while start < at && bytes[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &text[at + 1..end];
        let dot = host.rfind('.');
        let has_top_level = dot.is_some_and(|dot| dot > 0 && host.len() - dot > 2);
        if start < at && has_top_level && links.last().is_none_or(|l: &Link| l.end <= start) {
            links.push(Link {
                start,
                end,
                target: format!("mailto:{}", &text[start..end]),
            });
            searched = end;
        }
    }
    links
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<(String, String)> {
        find_links(text)
            .into_iter()
            .map(|link| (text[link.start..link.end].to_string(), link.target))
            .collect()
    }

    #[test]
    fn e_mail_addresses_become_mailto_links() {
        assert_eq!(
            targets("E-post: Anna.Berg@Exempel.se."),
            [(
                "Anna.Berg@Exempel.se".to_string(),
                "mailto:Anna.Berg@Exempel.se".to_string()
            )]
        );
        assert!(targets("kl 10@ eller a@b").is_empty());
        assert!(targets("@exempel.se").is_empty());
    }

    #[test]
    fn web_addresses_lose_the_punctuation_around_them() {
        assert_eq!(
            targets("se www.exempel.se/projekt. Och (https://a.example.org/x_(y)) här"),
            [
                (
                    "www.exempel.se/projekt".to_string(),
                    "https://www.exempel.se/projekt".to_string()
                ),
                (
                    "https://a.example.org/x_(y)".to_string(),
                    "https://a.example.org/x_(y)".to_string()
                ),
            ]
        );
        assert!(targets("http:// och www.").is_empty());
        assert!(targets("awww.exempel.se").is_empty());
    }

    #[test]
    fn an_address_inside_a_web_address_is_not_an_e_mail_too() {
        let links = targets("https://exempel.se/?to=anna@exempel.se");
        assert_eq!(links.len(), 1);
        assert!(links[0].1.starts_with("https://"));
    }

    #[test]
    fn targets_hold_no_control_characters_or_non_ascii() {
        let text = "https://exempel.se/\u{1b}]8;;evil\u{7} www.åäö.se a@b\u{1b}.se";
        for link in find_links(text) {
            assert!(
                link.target.bytes().all(|b| b.is_ascii_graphic()),
                "{:?}",
                link.target
            );
        }
    }
}
