package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sync"
	"time"

	"charm.land/ssh"
)

// authorizedKeys is an OpenSSH authorized_keys file, read at start (so a
// typo is an error before anyone connects) and again whenever it changes,
// so adding a colleague's key needs no restart. A file that turns bad
// while running keeps the last good list and says so in the log.
type authorizedKeys struct {
	path string

	mu    sync.Mutex
	mtime time.Time
	size  int64
	keys  []ssh.PublicKey
}

func loadAuthorizedKeys(path string) (*authorizedKeys, error) {
	a := &authorizedKeys{path: path}
	if err := a.reload(); err != nil {
		return nil, err
	}
	return a, nil
}

// reload reads the file if it changed since the last read.
func (a *authorizedKeys) reload() error {
	st, err := os.Stat(a.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	if st.ModTime().Equal(a.mtime) && st.Size() == a.size && a.keys != nil {
		return nil
	}
	data, err := os.ReadFile(a.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys, err := parseAuthorizedKeys(data)
	if err != nil {
		return fmt.Errorf("authorized keys %s: %w", a.path, err)
	}
	a.keys, a.mtime, a.size = keys, st.ModTime(), st.Size()
	return nil
}

func (a *authorizedKeys) allows(k ssh.PublicKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_ = a.reload() // a bad edit keeps the last good list
	for _, ak := range a.keys {
		if ssh.KeysEqual(ak, k) {
			return true
		}
	}
	return false
}

// parseAuthorizedKeys parses every key line; a line that is not a key is
// an error naming its number (an allowlist that silently skips lines would
// lock people out without a word).
func parseAuthorizedKeys(data []byte) ([]ssh.PublicKey, error) {
	keys := []ssh.PublicKey{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := ssh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: not an SSH public key", n)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no keys in the file: nobody could connect")
	}
	return keys, nil
}
