//! Copying to the clipboard with OSC 52: the terminal itself sets the clipboard, so it works
//! over SSH and needs no display server. Inside tmux the sequence is wrapped so tmux passes it
//! through to the outer terminal.

use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::secret::SecretString;

/// The escape sequence that puts `text` on the clipboard (`ESC ] 52 ; c ; <base64> BEL`),
/// wrapped for tmux passthrough when `tmux` is true. It holds the secret, so it is wiped.
pub fn osc52(text: &SecretString, tmux: bool) -> Zeroizing<String> {
    let encoded = Zeroizing::new(STANDARD.encode(text.expose()));
    let mut out = Zeroizing::new(String::with_capacity(encoded.len() + 16));
    if tmux {
        // DCS tmux; <sequence with every ESC doubled> ST
        out.push_str("\x1bPtmux;\x1b\x1b]52;c;");
        out.push_str(&encoded);
        out.push_str("\x07\x1b\\");
    } else {
        out.push_str("\x1b]52;c;");
        out.push_str(&encoded);
        out.push('\x07');
    }
    out
}

/// True when running inside tmux (`$TMUX` set).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Writes the copy sequence to the terminal and flushes it.
pub fn copy(out: &mut impl Write, text: &SecretString) -> std::io::Result<()> {
    let sequence = osc52(text, in_tmux());
    out.write_all(sequence.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tmux_sequences() {
        let text = SecretString::new("hello");
        assert_eq!(osc52(&text, false).as_str(), "\x1b]52;c;aGVsbG8=\x07");
        assert_eq!(
            osc52(&text, true).as_str(),
            "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
        );
        let mut out = Vec::new();
        copy(&mut out, &text)
            .map_err(|e| e.to_string())
            .unwrap_or_default();
        assert!(String::from_utf8_lossy(&out).contains("aGVsbG8="));
    }
}
