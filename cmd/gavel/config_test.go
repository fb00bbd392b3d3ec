package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

func TestConfigFileAndPrecedence(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	os.WriteFile(p, []byte(`default = "home"
archive = "~/m"
[networks.home]
server = "irc.example.org:6697"
tls = true
nick = "alice"
channel = "#team"
password = "env:PW"
[networks.work]
server = "irc.work.example:6667"
nick = "al"
channel = "#ops"
`), 0o600)
	c, err := loadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.network("")
	if err != nil || n.Server != "irc.example.org:6697" {
		t.Fatalf("default network: %+v %v", n, err)
	}
	if _, err := c.network("nope"); err == nil {
		t.Fatal("unknown network accepted")
	}
	t.Setenv("GAVEL_CHANNEL", "#from-env")
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var cf connFlags
	cf.bind(fs)
	fs.Parse([]string{"--nick", "fromflag"})
	fillFromConfig(fs, n)
	cfg, err := cf.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Nick != "fromflag" || cf.channel != "#team" && cf.channel != "#from-env" || cfg.Server != "irc.example.org" || cfg.Port != 6697 || !cfg.TLS {
		t.Fatalf("precedence: nick %q channel %q server %q:%d tls %v", cfg.Nick, cf.channel, cfg.Server, cfg.Port, cfg.TLS)
	}
	if cf.channel != "#from-env" {
		t.Fatalf("env must win over the file: %q", cf.channel)
	}
	if cfg.Password.String() == "" || cfg.Password.IsZero() {
		t.Fatal("password source not taken from the file")
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.toml")); err != nil {
		t.Fatalf("a missing config is empty, not an error: %v", err)
	}
	os.WriteFile(p, []byte("default = [broken"), 0o600)
	if _, err := loadConfig(p); err == nil {
		t.Fatal("a broken config must be an error")
	}
}
