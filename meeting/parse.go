package meeting

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func isUnicodeLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// parseCommand splits a channel message into a command name (lower-cased)
// and its argument. MeetBot's rule: '#' must be the first character and the
// name is a run of word characters. As in hcoop-meetbot, a name holding a
// digit is no command ("#1234 is fixed"), and neither is a line that starts
// with the channel's own name. meetingology's "[TOPIC] text" form is
// accepted too.
func parseCommand(text, channel string) (name, arg string, ok bool) {
	if text == "" {
		return "", "", false
	}
	var rest string
	switch text[0] {
	case '#':
		if channel != "" && len(text) >= len(channel) && strings.EqualFold(text[:len(channel)], channel) {
			if len(text) == len(channel) || !isWordByte(text[len(channel)]) {
				return "", "", false
			}
		}
		rest = text[1:]
	case '[':
		end := strings.IndexByte(text, ']')
		if end < 2 {
			return "", "", false
		}
		name = text[1:end]
		if !isCommandName(name) {
			return "", "", false
		}
		return strings.ToLower(name), strings.TrimSpace(text[end+1:]), true
	default:
		return "", "", false
	}
	n := 0
	for n < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[n:])
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			break
		}
		n += size
	}
	if n == 0 || !isCommandName(rest[:n]) {
		return "", "", false
	}
	name = strings.ToLower(rest[:n])
	arg = strings.TrimLeft(rest[n:], " \t")
	return name, strings.TrimRight(arg, " \t"), true
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// isCommandName accepts letters and underscores only.
func isCommandName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || unicode.IsLetter(r)) {
			return false
		}
	}
	return true
}

// urlSchemes are the schemes MeetBot turns into links; minutes link nothing
// else.
var urlSchemes = []string{"http://", "https://", "irc://", "ftp://", "mailto:", "ssh://"}

// schemeFirst marks the lower-case first letters of urlSchemes.
var schemeFirst = func() (t [256]bool) {
	for _, s := range urlSchemes {
		t[s[0]] = true
	}
	return t
}()

// startsWithURL reports whether a line begins with a link, which MeetBot
// records as a LINK item without any command.
func startsWithURL(text string) bool {
	// Every line comes here: most start with no scheme's first letter.
	if text == "" || !schemeFirst[text[0]|0x20] {
		return false
	}
	for _, s := range urlSchemes {
		if s == "mailto:" {
			continue // MeetBot's test needs "//", so a bare mailto: line is no link
		}
		if len(text) > len(s) && strings.EqualFold(text[:len(s)], s) {
			return true
		}
	}
	return false
}

// IsLinkScheme reports whether a URL has a scheme that may be linked in
// minutes (http, https, irc, ftp, mailto, ssh).
func IsLinkScheme(url string) bool {
	for _, s := range urlSchemes {
		if len(url) > len(s) && strings.EqualFold(url[:len(s)], s) {
			return true
		}
	}
	return false
}

// parseVoteLine recognises an informal vote: +1, -1, 0, +0 or -0 at the
// start of a message, followed by the end, white space or punctuation
// other than '/' (so "-1/+1" is no vote).
func parseVoteLine(text string) (vote string, ok bool) {
	var v string
	n := 0
	switch {
	case strings.HasPrefix(text, "+1"):
		v, n = "+1", 2
	case strings.HasPrefix(text, "-1"):
		v, n = "-1", 2
	case strings.HasPrefix(text, "+0"), strings.HasPrefix(text, "-0"):
		v, n = "0", 2
	case strings.HasPrefix(text, "0"):
		v, n = "0", 1
	default:
		return "", false
	}
	if n == len(text) {
		return v, true
	}
	r, _ := utf8.DecodeRuneInString(text[n:])
	switch {
	case unicode.IsSpace(r):
		return v, true
	case r == '/' || r == '\\' || r == '_' || r == '-' || r == '+' || r == '.' && n < len(text)-1 && isDigitByte(text[n+1]):
		return "", false
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return v, true
	}
	return "", false
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// mentionsProposal reports whether a line contains propose, proposal,
// proposed or proposing as a word, case-insensitively. It avoids regexp:
// this runs on every line.
func mentionsProposal(text string) bool {
	// next finds c at or after i with the (vectorised) byte search. Each
	// of 'p' and 'P' is searched again only once passed, so a line is
	// scanned about once whatever it holds.
	next := func(i int, c byte) int {
		if j := strings.IndexByte(text[i:], c); j >= 0 {
			return i + j
		}
		return -1
	}
	lo, up := -2, -2 // the next 'p' and 'P' (-1: none left; -2: not looked for)
	for i := 0; i+6 <= len(text); i++ {
		if lo != -1 && lo < i {
			lo = next(i, 'p')
		}
		if up != -1 && up < i {
			up = next(i, 'P')
		}
		switch {
		case lo < 0 && up < 0:
			return false
		case lo < 0 || (up >= 0 && up < lo):
			i = up
		default:
			i = lo
		}
		if i+6 > len(text) || !strings.EqualFold(text[i:i+6], "propos") {
			continue
		}
		if i > 0 && isASCIIWord(text[i-1]) {
			continue
		}
		rest := text[i+6:]
		for _, suf := range [...]string{"e", "al", "ed", "ing"} {
			if len(rest) >= len(suf) && strings.EqualFold(rest[:len(suf)], suf) &&
				(len(rest) == len(suf) || !isASCIIWord(rest[len(suf)])) {
				return true
			}
		}
	}
	return false
}

func isASCIIWord(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
