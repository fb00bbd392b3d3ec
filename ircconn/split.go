package ircconn

import (
	"strings"
	"unicode/utf8"
)

// MaxLine is the IRC protocol limit for one line without its CR LF and
// without IRCv3 tags (512 bytes with CR LF).
const MaxLine = 510

// validTarget reports whether s can be a PRIVMSG/NOTICE/TOPIC target: not
// empty, no spaces, commas, control characters, and not starting with ':'.
func validTarget(s string) bool {
	if s == "" || s[0] == ':' || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == ',' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

// Split cuts text into pieces of at most max bytes, only on UTF-8 rune
// boundaries. A piece preferably ends after a space when one is in the
// second half of the window. Concatenating the pieces gives text back.
// Empty text gives one empty piece; max < 4 is treated as 4 (one rune).
func Split(text string, max int) []string {
	if max < utf8.UTFMax {
		max = utf8.UTFMax
	}
	if len(text) <= max {
		return []string{text}
	}
	var out []string
	for len(text) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8 at all: cut bytes
			cut = max
		}
		if sp := strings.LastIndexByte(text[:cut], ' '); sp >= cut/2 {
			cut = sp + 1
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// truncate cuts text to at most max bytes on a rune boundary.
func truncate(text string, max int) string {
	if len(text) <= max {
		return text
	}
	if max < 0 {
		max = 0
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}
