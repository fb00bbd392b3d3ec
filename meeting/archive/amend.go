package archive

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
	"github.com/gavel-irc/gavel/meeting/store"
)

// AmendmentsExt names the file beside a meeting's minutes that holds its
// amendments: one JSON record a line, appended and fsynced, never
// rewritten. It is the audit trail; the minutes files are regenerated
// from the meeting with the records applied.
const AmendmentsExt = ".amendments.jsonl"

// Amend records an amendment of meeting m and regenerates its minutes and
// logs (every format) with it, then brings the index up to date, so search
// no longer finds what a redaction removed. Bad input — an unknown item,
// a missing reason — is an error and records nothing.
//
// The record is written first: if gavel stops before the files are
// rewritten, the next amendment (or `gavel amend --redo`) applies every
// record the minutes do not show yet (Minutes.Amended counts them).
func (a *Archive) Amend(ctx context.Context, m *Meeting, am meeting.Amendment) (*meeting.Amendment, error) {
	old := a.indexedText(ctx, m)
	paths, err := a.amendFiles(m, &am)
	if err != nil {
		return nil, err
	}
	if err := a.reindexAmended(ctx, m, old, paths, am.Op == meeting.AmendRedact); err != nil {
		return nil, fmt.Errorf("the minutes are amended, but the index is not (run gavel index --rebuild): %w", err)
	}
	return &am, nil
}

// amending serialises amendments in this process: each reads the trail,
// appends to it and rewrites the files.
var amending sync.Mutex

func (a *Archive) amendFiles(m *Meeting, am *meeting.Amendment) ([]string, error) {
	amending.Lock()
	defer amending.Unlock()
	min, recs, err := a.amendable(m)
	if err != nil {
		return nil, err
	}
	if err := meeting.Amend(min, am); err != nil {
		return nil, err
	}
	if err := appendRecord(a.amendPath(m), *am); err != nil {
		return nil, fmt.Errorf("recording the amendment: %w", err)
	}
	min.Amended = len(recs) + 1
	paths, err := store.Rewrite(a.Dir, m.Base, min, minutes.AllFormats)
	if err != nil {
		return nil, fmt.Errorf("the amendment is recorded, but rewriting the minutes failed (the next amendment finishes it): %w", err)
	}
	return paths, nil
}

// History is the amendment trail of meeting m, oldest first.
func (a *Archive) History(m *Meeting) ([]meeting.Amendment, error) {
	return readRecords(a.amendPath(m))
}

func (a *Archive) amendPath(m *Meeting) string {
	return filepath.Join(a.Dir, filepath.FromSlash(m.Base)+AmendmentsExt)
}

// amendable loads m's minutes with its log, applying any recorded
// amendment the files do not show yet.
func (a *Archive) amendable(m *Meeting) (*meeting.Minutes, []meeting.Amendment, error) {
	js, lg, lf := a.readSources(m.Base)
	if js == nil && lg == nil {
		return nil, nil, fmt.Errorf("archive: the files of %s are gone (run gavel index)", m.Base)
	}
	min, lines, err := loadMeeting(m.Base, js, lg, lf)
	if err != nil {
		return nil, nil, err
	}
	if min.Log.Len() == 0 {
		min.Log = meeting.NewLog(lines)
	}
	recs, err := readRecords(a.amendPath(m))
	if err != nil {
		return nil, nil, err
	}
	if min.Amended > len(recs) {
		return nil, nil, fmt.Errorf("archive: %s shows %d amendments but its trail %s holds %d", m.Base, min.Amended, filepath.Base(a.amendPath(m)), len(recs))
	}
	for i := min.Amended; i < len(recs); i++ {
		r := recs[i]
		if err := meeting.Amend(min, &r); err != nil {
			return nil, nil, fmt.Errorf("archive: recorded amendment %d of %s no longer applies: %w", i+1, m.Base, err)
		}
	}
	min.Amended = len(recs)
	return min, recs, nil
}

func appendRecord(path string, am meeting.Amendment) error {
	b, err := json.Marshal(am)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	// A torn last record (a crash while appending) is cut first, so the
	// new one starts on a line of its own.
	old, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	end := int64(bytes.LastIndexByte(old, '\n') + 1)
	if end != int64(len(old)) {
		if err := f.Truncate(end); err != nil {
			return err
		}
	}
	if _, err := f.WriteAt(append(b, '\n'), end); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// readRecords reads a trail; no file is no amendments. A torn last record
// (a crash while appending) was never applied and is ignored; a bad record
// before the end is damage and an error.
func readRecords(path string) ([]meeting.Amendment, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []meeting.Amendment
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var am meeting.Amendment
		if err := json.Unmarshal(line, &am); err != nil {
			if !strings.HasSuffix(string(data), "\n") && n == bytes.Count(data, []byte("\n"))+1 {
				break
			}
			return nil, fmt.Errorf("%s: record %d is damaged: %w", filepath.Base(path), n, err)
		}
		out = append(out, am)
	}
	return out, sc.Err()
}

// FindMeeting resolves what a person types for a meeting: its base path in
// the archive ("#team/2026-01-05/infra.2026-01-05-15.00", as `gavel search
// --json` prints it), or the path of one of its files, inside the archive
// or relative to it.
func (a *Archive) FindMeeting(ctx context.Context, ref string) (*Meeting, error) {
	base := filepath.ToSlash(strings.TrimSpace(ref))
	if filepath.IsAbs(ref) {
		if rel, err := filepath.Rel(a.Dir, ref); err == nil && !strings.HasPrefix(rel, "..") {
			base = filepath.ToSlash(rel)
		}
	}
	for _, ext := range append([]string{AmendmentsExt}, minutesExts...) {
		if strings.HasSuffix(base, ext) {
			base = strings.TrimSuffix(base, ext)
			break
		}
	}
	m, err := a.MeetingByBase(ctx, base)
	if err != nil {
		return nil, fmt.Errorf("no meeting %q in the archive %s (gavel search --json names each meeting)", ref, a.Dir)
	}
	return m, nil
}

// minutesExts are the extensions of a meeting's files, longest first.
var minutesExts = []string{".log.html", ".log.txt", ".json", ".html", ".txt", ".md"}
