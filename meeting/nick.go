package meeting

import "strings"

// FoldNick case-folds a nick the way IRC servers do by default (rfc1459):
// ASCII letters fold, and []\^ are the upper-case forms of {}|~. It is the
// one nick fold of the meeting engine, chair, review and recorder; only
// ircconn folds with girc.ToRFC1459, to match the server on the wire, and
// the two give the same key for every ASCII nick
// (TestFoldNickAgreesWithRFC1459). Non-ASCII letters fold with Unicode
// rules here so unicode nicks compare sanely; girc folds byte by byte and
// keeps "É" and "é" apart, which matters only on a server allowing them.
func FoldNick(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if ('A' <= c && c <= 'Z') || c == '[' || c == ']' || c == '\\' || c == '^' {
			goto slow
		}
	}
	if ascii {
		return s
	}
slow:
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '[':
			r = '{'
		case r == ']':
			r = '}'
		case r == '\\':
			r = '|'
		case r == '^':
			r = '~'
		case r >= 0x80:
			r = []rune(strings.ToLower(string(r)))[0]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitNicks splits a #chair / #nick argument list on commas and spaces.
func splitNicks(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// isNickRune reports whether r can be part of an IRC nick; owner matching
// uses it for word boundaries so that nicks like "x[m]" or "bob|away" match
// whole, and "alice_" is not "alice".
func isNickRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case strings.ContainsRune("-_[]\\`^{}|", r):
		return true
	case r >= 0x80:
		return isUnicodeLetterOrDigit(r)
	}
	return false
}
