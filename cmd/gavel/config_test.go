package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findCommand returns the registered command of that name.
func findCommand(t *testing.T, name string) *command {
	t.Helper()
	for _, c := range registry {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no command %q", name)
	return nil
}

// resolveFor parses args for a command as gavel would, with the config
// file text (if any), and resolves its settings.
func resolveFor(t *testing.T, name, configText string, args ...string) (*values, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if configText != "" {
		if err := os.WriteFile(p, []byte(configText), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := loadConfig(p)
	if err != nil {
		return nil, err
	}
	c := findCommand(t, name).cobra()
	if err := c.ParseFlags(args); err != nil {
		t.Fatalf("flags %v: %v", args, err)
	}
	return resolve(c, name, cfg)
}

const twoNetworks = `default = "home"
archive = "~/top-archive"
journal_dir = "/top/journal"

[networks.home]
server = "irc.example.org:6697"
tls = true
nick = "alice"
channel = "#team"
password = "env:PW"
archive = "/home-archive"

[networks.work]
server = "irc.work.example:6667"
nick = "al"
channel = "#ops"
`

// TestSettingsPrecedence: flag, then GAVEL_* environment, then the
// network's table, then the config's top level, then the default.
func TestSettingsPrecedence(t *testing.T) {
	home, _ := os.UserHomeDir()
	for _, tc := range []struct {
		name    string
		config  string
		env     map[string]string
		args    []string
		setting string
		want    string
	}{
		{"flag wins over env", twoNetworks, map[string]string{"GAVEL_NICK": "envnick"}, []string{"--nick", "flagnick"}, "nick", "flagnick"},
		{"env wins over the file", twoNetworks, map[string]string{"GAVEL_SERVER": "from-env:6667"}, nil, "server", "from-env:6667"},
		{"default network's table", twoNetworks, nil, nil, "server", "irc.example.org:6697"},
		{"--network picks a table", twoNetworks, nil, []string{"--network", "work"}, "server", "irc.work.example:6667"},
		{"GAVEL_NETWORK picks a table", twoNetworks, map[string]string{"GAVEL_NETWORK": "work"}, nil, "nick", "al"},
		{"network table wins over top level", twoNetworks, nil, nil, "archive", "/home-archive"},
		{"top level when the table lacks it", twoNetworks, nil, []string{"--network", "work"}, "archive", filepath.Join(home, "top-archive")},
		{"top level for every network", twoNetworks, nil, []string{"--network", "work"}, "journal-dir", "/top/journal"},
		{"bool from the file", twoNetworks, nil, nil, "tls", "true"},
		{"table default", "", nil, nil, "reconnect-min", "10s"},
		{"env path expanded", "", map[string]string{"GAVEL_ARCHIVE": "~/env-archive"}, nil, "archive", filepath.Join(home, "env-archive")},
		{"single network without default", "[networks.only]\nserver = \"solo:6667\"\n", nil, nil, "server", "solo:6667"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			v, err := resolveFor(t, "bot", tc.config, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.str(tc.setting); got != tc.want {
				t.Fatalf("--%s = %q, want %q (from %q)", tc.setting, got, tc.want, v.from[tc.setting])
			}
		})
	}
}

// TestSettingsErrors: a bad value, an unknown network or key is a usage
// error naming where it came from.
func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		env          map[string]string
		args         []string
		want         string
	}{
		{"bad env bool", "", map[string]string{"GAVEL_TLS": "maybe"}, nil, `$GAVEL_TLS: bad value "maybe"`},
		{"key with no config", "[networks.a]\nreconnect_min = 1\n", nil, nil, "unknown key networks.a.reconnect_min"},
		{"bad config type", "tls = \"sometimes\"\n", nil, nil, `tls: bad value "sometimes"`},
		{"unknown key", "archve = \"/x\"\n", nil, nil, "unknown key archve"},
		{"unknown network", twoNetworks, nil, []string{"--network", "mars"}, `no network "mars"`},
		{"broken toml", "default = [broken", nil, nil, "config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, err := resolveFor(t, "bot", tc.config, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := loadConfig(filepath.Join(t.TempDir(), "missing.toml")); err != nil {
		t.Fatalf("a missing config is empty, not an error: %v", err)
	}
}

// TestConnConfigFromSettings: the connection settings make an ircconn
// configuration, the password source included.
func TestConnConfigFromSettings(t *testing.T) {
	v, err := resolveFor(t, "chair", twoNetworks, "--nick", "fromflag")
	if err != nil {
		t.Fatal(err)
	}
	cf := connFrom(v)
	cfg, err := cf.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Nick != "fromflag" || cfg.Server != "irc.example.org" || cfg.Port != 6697 || !cfg.TLS || cfg.Channels[0] != "#team" {
		t.Fatalf("config: %+v", cfg)
	}
	if cfg.Password.String() != "env:PW" {
		t.Fatalf("password source not taken from the file: %v", cfg.Password)
	}
}

// TestEveryCommandHonoursArchiveConfig: each command that uses the
// archive reads `archive` from config.toml (review, search, actions,
// index, import and bot once ignored it).
func TestEveryCommandHonoursArchiveConfig(t *testing.T) {
	dir := t.TempDir()
	config := "archive = \"" + dir + "\"\n"
	for _, name := range []string{"chair", "bot", "review", "search", "actions", "index", "import", "serve", "amend", "history"} {
		t.Run(name, func(t *testing.T) {
			v, err := resolveFor(t, name, config)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.str("archive"); got != dir {
				t.Fatalf("archive %q, want %q from the config", got, dir)
			}
		})
	}
}

// TestSettingsTable keeps the table sound: rows name real commands, a
// flag is declared once per command, a config key has one kind, every
// command's help renders with its env names.
func TestSettingsTable(t *testing.T) {
	cmds := map[string]bool{}
	for _, c := range registry {
		cmds[c.name] = true
	}
	seen := map[string]bool{}
	keyKind := map[string]kind{}
	for _, s := range settings {
		for _, c := range strings.Fields(s.cmds) {
			if !cmds[c] {
				t.Errorf("--%s: no command %q", s.name, c)
			}
			if seen[c+" "+s.name] {
				t.Errorf("--%s declared twice for %s", s.name, c)
			}
			seen[c+" "+s.name] = true
		}
		// fang capitalises the first word of a flag's help and lowercases
		// the rest of it ("IRC" would read "Irc"): start with a plain word.
		if first, _, _ := strings.Cut(s.help, " "); strings.ToLower(first) != first || strings.ContainsAny(first, "-.,:") {
			t.Errorf("--%s: help starts with %q, which fang would mangle", s.name, first)
		}
		if k, ok := keyKind[s.key]; ok && s.key != "" && k != s.kind {
			t.Errorf("config key %s has two kinds", s.key)
		}
		keyKind[s.key] = s.kind
	}
	code, out, _ := gavel(t, "bot", "--help")
	if code != 0 || !strings.Contains(out, "--account") || strings.Contains(out, " -account") || !strings.Contains(out, "$GAVEL_ACCOUNT") {
		t.Fatalf("bot --help: %d\n%s", code, out)
	}
}
