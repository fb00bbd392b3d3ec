package recorder

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// InvitedPath is the file, beside the journals, where a bot that joins on
// invitation remembers the channels it was invited to, so it rejoins them
// after a restart.
func InvitedPath(journalDir, network string) string {
	return filepath.Join(journalDir, "invited-"+safeName(network)+".json")
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, s)
}

// LoadInvited reads the remembered channels; a missing file is none.
func LoadInvited(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var chans []string
	if err := json.Unmarshal(data, &chans); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return chans, nil
}

// SaveInvited writes the channels (sorted) atomically: a crash leaves the
// old list or the new one, never half of one.
func SaveInvited(path string, chans []string) error {
	chans = append([]string(nil), chans...)
	sort.Strings(chans)
	data, err := json.MarshalIndent(chans, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
