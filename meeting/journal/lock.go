package journal

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// A live journal has one writer. Open holds an exclusive flock on
// <journal>.lock for as long as the journal is open; the lock file also
// says who holds it, so a second gavel can name the first. The lock file
// is never removed: removing it would let two processes lock two
// different inodes under the same name.

// owner is what the lock file says about its holder.
type owner struct {
	PID   int       `json:"pid"`
	Cmd   string    `json:"cmd"`
	Since time.Time `json:"since"`
}

// LockedError is Open's error for a journal another process writes.
type LockedError struct {
	Path string
	PID  int    // 0 when unknown
	What string // the other process's command line, when known
}

func (e *LockedError) Error() string {
	who := "another gavel"
	switch {
	case e.PID != 0 && e.What != "":
		who += fmt.Sprintf(" (pid %d: %s)", e.PID, e.What)
	case e.PID != 0:
		who += fmt.Sprintf(" (pid %d)", e.PID)
	}
	return fmt.Sprintf("journal %s is being written by %s; a live journal has one writer. "+
		"Stop the other one, or record into another directory with --journal-dir DIR", e.Path, who)
}

// acquire locks path's lock file and writes who we are into it.
func acquire(path string) (*os.File, error) {
	lf, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal lock: %w", err)
	}
	ok, err := tryLock(lf)
	if err != nil {
		lf.Close()
		return nil, fmt.Errorf("journal lock %s: %w", lf.Name(), err)
	}
	if !ok {
		lf.Close()
		return nil, holder(path)
	}
	// Best effort: the lock works without the note.
	b, _ := json.Marshal(owner{PID: os.Getpid(), Cmd: cmdline(os.Args), Since: time.Now().UTC()})
	if lf.Truncate(0) == nil {
		lf.WriteAt(append(b, '\n'), 0)
	}
	return lf, nil
}

// holder names the process holding path's lock: the lock file's note,
// and the live command line from /proc when there is one.
func holder(path string) *LockedError {
	e := &LockedError{Path: path}
	var o owner
	if data, err := os.ReadFile(path + ".lock"); err == nil && json.Unmarshal(data, &o) == nil {
		e.PID, e.What = o.PID, o.Cmd
	}
	if e.PID != 0 {
		if raw, err := os.ReadFile("/proc/" + strconv.Itoa(e.PID) + "/cmdline"); err == nil && len(raw) > 0 {
			e.What = cmdline(strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00"))
		}
	}
	return e
}

// cmdline renders argv for a message: quoted where needed, control
// characters escaped, bounded.
func cmdline(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || strings.ContainsAny(a, " \t'\"\\") || strings.IndexFunc(a, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			a = strconv.Quote(a)
		}
		b.WriteString(a)
		if b.Len() > 300 {
			return b.String()[:300] + "…"
		}
	}
	return b.String()
}

// Lock takes the one-writer lock of another file kept beside the journals
// (the events outbox), the way Open locks a journal: an exclusive flock on
// path.lock, naming its holder. Closing the returned file releases it. A
// *LockedError says another process holds it.
func Lock(path string) (*os.File, error) { return acquire(path) }
