package ircconn

import "strings"

// ---- debug log ----

type debugWriter struct{ c *Client }

func (w *debugWriter) Write(p []byte) (int, error) {
	s := strings.TrimRight(string(p), "\r\n")
	if strings.Contains(s, "] exec ") || strings.Contains(s, "] done ") || strings.Contains(s, ": reg \"") {
		return len(p), nil // girc's per-handler trace: noise
	}
	w.c.mu.Lock()
	pw := w.c.password
	w.c.mu.Unlock()
	if pw != "" {
		s = strings.ReplaceAll(s, pw, "********")
	}
	if i := strings.Index(strings.ToUpper(s), "IDENTIFY "); i >= 0 {
		s = s[:i] + "IDENTIFY ********"
	}
	w.c.log.Debug("irc", "raw", s)
	return len(p), nil
}
