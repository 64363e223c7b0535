//! A parsed expression ([`Hir`]) written as one line of plain text, and read back.
//!
//! The byte forms of the shipped packs' expressions ([`super::ascii_form`]) are prepared in
//! advance this way: parsing an expression (every letter folded to both cases, every `\w`
//! and `\s` spelled out over all of Unicode) and then reducing it to its byte form took
//! longer than compiling it. Reading a line back builds the same expression directly, with
//! the same constructors the parser uses; a test reads back every prepared line and
//! compares it with a fresh parse.
//!
//! The notation, one item after another with no separators between items:
//! `E` empty; `L<hex bytes>;` literal; `B<hex lo><hex hi>…;` byte class; `U<hex>-<hex>,…;`
//! Unicode class; `K<n>;` look-around (its `as_repr`); `R<min>,<max or nothing>,<g|l>;`
//! then the repeated item; `P<index>,<hex name>;` then the captured item; `C<n>;` and
//! `A<n>;` then n items, concatenated or alternated.

#[cfg(test)]
use std::fmt::Write;

#[cfg(test)]
use regex_syntax::hir::HirKind;
use regex_syntax::hir::{self, Class, Hir, Look};

/// Write `h` in the notation above (the test that prepares the forms does).
#[cfg(test)]
pub(super) fn write(h: &Hir, out: &mut String) {
    match h.kind() {
        HirKind::Empty => out.push('E'),
        HirKind::Literal(hir::Literal(bytes)) => {
            out.push('L');
            hex(bytes, out);
            out.push(';');
        }
        HirKind::Class(Class::Bytes(c)) => {
            out.push('B');
            for r in c.ranges() {
                hex(&[r.start(), r.end()], out);
            }
            out.push(';');
        }
        HirKind::Class(Class::Unicode(c)) => {
            out.push('U');
            for r in c.ranges() {
                let _ = write!(out, "{:x}-{:x},", u32::from(r.start()), u32::from(r.end()));
            }
            out.push(';');
        }
        HirKind::Look(look) => {
            let _ = write!(out, "K{};", look.as_repr());
        }
        HirKind::Repetition(r) => {
            let max = r.max.map(|m| m.to_string()).unwrap_or_default();
            let greedy = if r.greedy { 'g' } else { 'l' };
            let _ = write!(out, "R{},{max},{greedy};", r.min);
            write(&r.sub, out);
        }
        HirKind::Capture(c) => {
            let _ = write!(out, "P{},", c.index);
            if let Some(name) = &c.name {
                hex(name.as_bytes(), out);
            }
            out.push(';');
            write(&c.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let tag = if matches!(h.kind(), HirKind::Concat(_)) {
                'C'
            } else {
                'A'
            };
            let _ = write!(out, "{tag}{};", subs.len());
            for sub in subs {
                write(sub, out);
            }
        }
    }
}

#[cfg(test)]
fn hex(bytes: &[u8], out: &mut String) {
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
}

/// Read a whole line written by [`write`]; `None` if it is not one.
pub(super) fn read(code: &str) -> Option<Hir> {
    let mut reader = Reader {
        rest: code.as_bytes(),
    };
    let h = reader.item()?;
    reader.rest.is_empty().then_some(h)
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl Reader<'_> {
    fn item(&mut self) -> Option<Hir> {
        let (&tag, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(match tag {
            b'E' => Hir::empty(),
            b'L' => Hir::literal(unhex(self.field(b';')?)?),
            b'B' => {
                let bounds = unhex(self.field(b';')?)?;
                if !bounds.len().is_multiple_of(2) {
                    return None;
                }
                let ranges = bounds
                    .chunks(2)
                    .map(|r| hir::ClassBytesRange::new(r[0], r[1]));
                Hir::class(Class::Bytes(hir::ClassBytes::new(ranges)))
            }
            b'U' => {
                let list = std::str::from_utf8(self.field(b';')?).ok()?;
                let mut ranges = Vec::new();
                for range in list.split_terminator(',') {
                    let (lo, hi) = range.split_once('-')?;
                    ranges.push(hir::ClassUnicodeRange::new(scalar(lo)?, scalar(hi)?));
                }
                Hir::class(Class::Unicode(hir::ClassUnicode::new(ranges)))
            }
            b'K' => Hir::look(Look::from_repr(self.number(b';')?)?),
            b'R' => {
                let min = self.number(b',')?;
                let max = self.field(b',')?;
                let max = if max.is_empty() {
                    None
                } else {
                    Some(std::str::from_utf8(max).ok()?.parse().ok()?)
                };
                let greedy = match self.field(b';')? {
                    b"g" => true,
                    b"l" => false,
                    _ => return None,
                };
                Hir::repetition(hir::Repetition {
                    min,
                    max,
                    greedy,
                    sub: Box::new(self.item()?),
                })
            }
            b'P' => {
                let index = self.number(b',')?;
                let name = self.field(b';')?;
                let name = if name.is_empty() {
                    None
                } else {
                    Some(String::from_utf8(unhex(name)?).ok()?.into_boxed_str())
                };
                Hir::capture(hir::Capture {
                    index,
                    name,
                    sub: Box::new(self.item()?),
                })
            }
            b'C' | b'A' => {
                let n: u32 = self.number(b';')?;
                // no more items than the line has characters left
                if n as usize > self.rest.len() {
                    return None;
                }
                let subs = (0..n).map(|_| self.item()).collect::<Option<Vec<Hir>>>()?;
                if tag == b'C' {
                    Hir::concat(subs)
                } else {
                    Hir::alternation(subs)
                }
            }
            _ => return None,
        })
    }

    /// The bytes up to `end`, which is passed over.
    fn field(&mut self, end: u8) -> Option<&[u8]> {
        let at = self.rest.iter().position(|&b| b == end)?;
        let (field, rest) = self.rest.split_at(at);
        self.rest = &rest[1..];
        Some(field)
    }

    fn number(&mut self, end: u8) -> Option<u32> {
        std::str::from_utf8(self.field(end)?).ok()?.parse().ok()
    }
}

fn unhex(digits: &[u8]) -> Option<Vec<u8>> {
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// A lowercase hexadecimal digit's value, as [`write`] writes them.
fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

fn scalar(digits: &str) -> Option<char> {
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(h: &Hir) {
        let mut line = String::new();
        write(h, &mut line);
        assert_eq!(read(&line).as_ref(), Some(h), "{line}");
    }

    #[test]
    fn every_kind_of_item_reads_back_as_written() {
        for re in [
            "",
            "abc",
            r"(?i)\bdesignated\s+safeguarding\s+leads?\b",
            r"[^.;\n]{0,80}?x",
            r"(?P<who>[A-Z][a-z]+)(x)*(?m)^$",
            "caf\u{e9}|\u{2019}|[\u{2013}\u{2014}]",
        ] {
            let h = regex_syntax::parse(re).expect("parses");
            round_trip(&h);
        }
        let bytes = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .unicode(false)
            .build()
            .parse(r"(?-u)[\x80-\xBF]+\xFF")
            .expect("parses");
        round_trip(&bytes);
    }

    #[test]
    fn what_is_not_a_written_line_is_refused() {
        for bad in [
            "",
            "Q",
            "L6",
            "L6;x",
            "B616;",
            "Uzz-1;",
            "K3;",
            "R1,x,g;E",
            "C2;E",
            "A1;",
            "Ee",
            "C99999999999;",
        ] {
            assert!(read(bad).is_none(), "{bad:?}");
        }
    }
}
