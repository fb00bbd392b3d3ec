package journal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Rotate files the journal away as done — or, when a file of that name
// exists, as done with a ".2", ".3"… before its extension: finished
// journals never overwrite each other — and starts a fresh, empty journal
// at the old path. It returns the name it used. A finished meeting's
// journal is kept beside its minutes so they can be regenerated.
//
// The steps keep the record whole at every instant: the fresh journal is
// written aside first, the old one is hard-linked (never renamed over
// anything) to its done name, then the fresh one is renamed over the live
// path. A failure leaves the live journal as it was, still open.
func (j *Journal) Rotate(done string) (string, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return "", errors.New("journal is closed")
	}
	if err := j.write(nil); err != nil { // a pending header or newline
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(done), 0o755); err != nil {
		return "", err
	}
	tmp := j.path + ".new"
	nf, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return "", err
	}
	hdr := j.headerLine()
	if _, err = nf.Write(hdr); err == nil {
		err = nf.Sync()
	}
	if err != nil {
		nf.Close()
		os.Remove(tmp)
		return "", err
	}
	name, err := linkUnique(j.path, done)
	if err == nil {
		syncDir(filepath.Dir(name))
		if err = os.Rename(tmp, j.path); err != nil {
			os.Remove(name)
		}
	}
	if err != nil {
		nf.Close()
		os.Remove(tmp)
		return "", err
	}
	syncDir(filepath.Dir(j.path))
	j.f.Close()
	j.f, j.off, j.prefix, j.cutTail = nf, int64(len(hdr)), nil, false
	return name, nil
}

// linkUnique hard-links src to the first free name of done, done.2…
func linkUnique(src, done string) (string, error) {
	ext := filepath.Ext(done)
	stem := strings.TrimSuffix(done, ext)
	for i := 1; i <= 1000; i++ {
		name := done
		if i > 1 {
			name = fmt.Sprintf("%s.%d%s", stem, i, ext)
		}
		err := os.Link(src, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for %s", done)
}
