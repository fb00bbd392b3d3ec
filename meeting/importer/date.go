package importer

import (
	"time"
)

// DateFromName finds a meeting date in a log's file name: the first
// "YYYY-MM-DD" (as in "heat-2012-04-02.log.txt" or MeetBot's
// "chan.2012-04-02-21.00.log.txt") or, failing that, an 8-digit
// "YYYYMMDD" (hcoop's "name.20210413.0206.log.html") in its last path
// element. It returns midnight UTC of that day.
func DateFromName(name string) (time.Time, bool) {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' || name[i] == '\\' {
			name = name[i+1:]
			break
		}
	}
	b := []byte(name)
	// YYYY-MM-DD with no digit on either side.
	for i := 0; i+10 <= len(b); i++ {
		if (i > 0 && isDigit(b[i-1])) || (i+10 < len(b) && isDigit(b[i+10])) {
			continue
		}
		if b[i+4] != '-' || b[i+7] != '-' {
			continue
		}
		y, ok1 := digits(b[i : i+4])
		m, ok2 := digits(b[i+5 : i+7])
		d, ok3 := digits(b[i+8 : i+10])
		if ok1 && ok2 && ok3 {
			if t, ok := mkDate(y, m, d); ok {
				return t, true
			}
		}
	}
	// YYYYMMDD: exactly 8 digits.
	for i := 0; i+8 <= len(b); i++ {
		if (i > 0 && isDigit(b[i-1])) || (i+8 < len(b) && isDigit(b[i+8])) {
			continue
		}
		y, ok1 := digits(b[i : i+4])
		m, ok2 := digits(b[i+4 : i+6])
		d, ok3 := digits(b[i+6 : i+8])
		if ok1 && ok2 && ok3 {
			if t, ok := mkDate(y, m, d); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// mkDate validates a calendar date (years 1970–2199) and returns its
// midnight UTC.
func mkDate(y, m, d int) (time.Time, bool) {
	if y < 1970 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 2012-02-31
	}
	return t, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits parses b as an unsigned decimal made only of digits.
func digits(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseClock parses "H:MM", "HH:MM" or "HH:MM:SS" at the start of b,
// returning the seconds of the day and the bytes used. The clock must not
// be followed by another digit or ':'.
func parseClock(b []byte) (secs, n int, ok bool) {
	i := 0
	h := 0
	for i < len(b) && i < 2 && isDigit(b[i]) {
		h = h*10 + int(b[i]-'0')
		i++
	}
	if i == 0 || i >= len(b) || b[i] != ':' {
		return 0, 0, false
	}
	i++
	if i+2 > len(b) || !isDigit(b[i]) || !isDigit(b[i+1]) {
		return 0, 0, false
	}
	m := int(b[i]-'0')*10 + int(b[i+1]-'0')
	i += 2
	s := 0
	if i < len(b) && b[i] == ':' {
		if i+3 > len(b) || !isDigit(b[i+1]) || !isDigit(b[i+2]) {
			return 0, 0, false
		}
		s = int(b[i+1]-'0')*10 + int(b[i+2]-'0')
		i += 3
	}
	if i < len(b) && (isDigit(b[i]) || b[i] == ':') {
		return 0, 0, false
	}
	if h > 23 || m > 59 || s > 60 {
		return 0, 0, false
	}
	if s == 60 {
		s = 59 // leap second: keep the line in its minute
	}
	return h*3600 + m*60 + s, i, true
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseCtime parses a ctime-like date at the start of b: "Mon Apr  2
// 21:00:11 2012" (MeetBot's "Meeting started", irssi's "Log opened") or
// "Tue Apr 03 2012" (irssi's "Day changed"). It returns the Unix time of
// that day's midnight UTC.
func parseCtime(b []byte) (int64, bool) {
	day, _, ok := parseCtimeClock(b)
	return day, ok
}

// parseCtimeClock is parseCtime that also returns the time of day in
// seconds, or -1 when b has none.
func parseCtimeClock(b []byte) (day int64, secs int, ok bool) {
	word := func() []byte {
		for len(b) > 0 && b[0] == ' ' {
			b = b[1:]
		}
		i := 0
		for i < len(b) && b[i] != ' ' {
			i++
		}
		w := b[:i]
		b = b[i:]
		return w
	}
	wd := word()
	if len(wd) != 3 {
		return 0, 0, false
	}
	mon := word()
	mi := -1
	for i, m := range months {
		if string(mon) == m {
			mi = i
		}
	}
	if mi < 0 {
		return 0, 0, false
	}
	d, okd := digits(word())
	if !okd {
		return 0, 0, false
	}
	w := word()
	secs = -1
	if s, n, okc := parseClock(w); okc && n == len(w) {
		secs = s
		w = word()
	}
	y, oky := digits(w)
	if !oky {
		return 0, 0, false
	}
	t, okt := mkDate(y, mi+1, d)
	if !okt {
		return 0, 0, false
	}
	return t.Unix(), secs, true
}
