package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

const (
	keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ64gT6UxHslHBfJg3oaC01uIgGcBOg3I9kjhPpeGotV alice"
	keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII2H3I9/kHdvZ6ZWlAoDsioj9KE9v/Ue29AENLMnef5V bob"
)

func TestParseAuthorizedKeys(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		keys       int
		err        string
	}{
		{"one key with comments", "# team\n\n" + keyA + "\n", 1, ""},
		{"two keys", keyA + "\n" + keyB, 2, ""},
		{"a typo names its line", keyA + "\nssh-ed25519 AAAA-not-base64 x\n", 0, "line 2: not an SSH public key"},
		{"empty file locks everyone out", "# nobody yet\n", 0, "no keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := parseAuthorizedKeys([]byte(tc.file))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(keys) != tc.keys {
				t.Fatalf("got %d keys, err %v; want %d", len(keys), err, tc.keys)
			}
		})
	}
}

// The file is read again when it changes, so a colleague's key works without
// a restart; a bad edit keeps the last good list.
func TestAuthorizedKeysReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, []byte(keyA+"\n"), 0o600)
	ak, err := loadAuthorizedKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(keyA))
	b, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(keyB))
	if !ak.allows(a) || ak.allows(b) {
		t.Fatal("only alice's key should be allowed")
	}
	os.WriteFile(path, []byte(keyA+"\n"+keyB+"\n"), 0o600)
	os.Chtimes(path, time.Now().Add(time.Second), time.Now().Add(time.Second))
	if !ak.allows(b) {
		t.Fatal("bob's key added to the file is not allowed")
	}
	os.WriteFile(path, []byte("garbage\n"), 0o600)
	os.Chtimes(path, time.Now().Add(2*time.Second), time.Now().Add(2*time.Second))
	if !ak.allows(a) || !ak.allows(b) {
		t.Fatal("a bad edit dropped the last good list")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "keys")
	os.WriteFile(bad, []byte("nonsense\n"), 0o600)
	_, err := New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "hk"), AuthorizedKeys: bad, App: nil})
	if err == nil || !strings.Contains(err.Error(), "no app") {
		t.Fatalf("no app: %v", err)
	}
	_, err = New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "hk"), AuthorizedKeys: bad,
		App: func(Session) tea.Model { return nil }})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad authorized_keys: %v", err)
	}
	_, err = New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "hk"), AuthorizedKeys: filepath.Join(dir, "missing"),
		App: func(Session) tea.Model { return nil }})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("missing authorized_keys: %v", err)
	}
}
