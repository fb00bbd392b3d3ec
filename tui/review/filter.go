package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting/archive"
)

// parseFilter reads "#chan name:N who:NICK from:DATE to:DATE"; a bare
// word is a meeting name, "@nick" a person.
func parseFilter(s string) (archive.MeetingFilter, error) {
	var f archive.MeetingFilter
	for _, tok := range strings.Fields(s) {
		k, v, ok := strings.Cut(tok, ":")
		if !ok {
			switch {
			case strings.HasPrefix(tok, "#"):
				f.Channel = tok
			case strings.HasPrefix(tok, "@"):
				f.Person = tok[1:]
			default:
				f.Name = tok
			}
			continue
		}
		switch strings.ToLower(k) {
		case "channel", "chan", "c":
			f.Channel = archive.NormChannel(v)
		case "name", "n":
			f.Name = v
		case "who", "person", "p", "nick":
			f.Person = v
		case "from", "since":
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return f, fmt.Errorf("from:%s: want YYYY-MM-DD", clean(v))
			}
			f.From = t
		case "to", "until":
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return f, fmt.Errorf("to:%s: want YYYY-MM-DD", clean(v))
			}
			f.To = t.AddDate(0, 0, 1)
		default:
			return f, fmt.Errorf("unknown filter %q (channel:, name:, who:, from:, to:)", clean(k))
		}
	}
	return f, nil
}
