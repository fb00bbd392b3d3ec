package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// fileConfig is $XDG_CONFIG_HOME/gavel/config.toml:
//
//	default = "libera"           # network used when --network is not given
//	archive = "~/meetings"
//
//	[networks.libera]
//	server   = "irc.libera.chat:6697"
//	tls      = true
//	nick     = "alice"
//	channel  = "#my-meeting"
//	sasl     = "plain"
//	account  = "alice"
//	password = "cmd:pass show irc/libera"   # or env:NAME / file:PATH
//	agenda   = "~/agenda.txt"
//
// Precedence: flags, then GAVEL_* environment variables, then this file.
type fileConfig struct {
	Default  string                   `toml:"default"`
	Archive  string                   `toml:"archive"`
	Networks map[string]networkConfig `toml:"networks"`
}

type networkConfig struct {
	Server   string `toml:"server"`
	TLS      bool   `toml:"tls"`
	TLSCA    string `toml:"tls_ca"`
	TLSCert  string `toml:"tls_cert"`
	TLSKey   string `toml:"tls_key"`
	Nick     string `toml:"nick"`
	Channel  string `toml:"channel"`
	SASL     string `toml:"sasl"`
	Account  string `toml:"account"`
	Password string `toml:"password"`
	NickServ bool   `toml:"nickserv"`
	Agenda   string `toml:"agenda"`
}

func configPath() string {
	if p := os.Getenv("GAVEL_CONFIG"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "gavel", "config.toml")
}

// loadConfig reads the config file; a missing file is an empty config.
func loadConfig(path string) (*fileConfig, error) {
	var c fileConfig
	if path == "" {
		return &c, nil
	}
	_, err := toml.DecodeFile(path, &c)
	if errors.Is(err, fs.ErrNotExist) {
		return &c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return &c, nil
}

// hasNetworkConfig reports whether the config file names a network to use
// without flags.
func hasNetworkConfig() bool {
	c, err := loadConfig(configPath())
	return err == nil && (c.Default != "" || len(c.Networks) == 1)
}

// network picks a named network (or the default one).
func (c *fileConfig) network(name string) (networkConfig, error) {
	if name == "" {
		name = c.Default
	}
	if name == "" {
		if len(c.Networks) == 1 {
			for _, n := range c.Networks {
				return n, nil
			}
		}
		return networkConfig{}, nil
	}
	n, ok := c.Networks[name]
	if !ok {
		var names []string
		for k := range c.Networks {
			names = append(names, k)
		}
		sort.Strings(names)
		return n, fmt.Errorf("no network %q in the config (have: %s)", name, strings.Join(names, ", "))
	}
	return n, nil
}

// fillFromConfig gives every connection flag that was neither set on the
// command line nor in the environment its value from the config file.
func fillFromConfig(fs *flag.FlagSet, n networkConfig) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	env := map[string]string{"server": "SERVER", "tls": "TLS", "tls-ca": "TLS_CA", "tls-cert": "TLS_CERT", "tls-key": "TLS_KEY",
		"nick": "NICK", "channel": "CHANNEL", "sasl": "SASL", "account": "ACCOUNT", "password": "PASSWORD", "nickserv": "NICKSERV", "agenda": "AGENDA"}
	vals := map[string]string{"server": n.Server, "tls": strconv.FormatBool(n.TLS), "tls-ca": expand(n.TLSCA), "tls-cert": expand(n.TLSCert),
		"tls-key": expand(n.TLSKey), "nick": n.Nick, "channel": n.Channel, "sasl": n.SASL, "account": n.Account,
		"password": n.Password, "nickserv": strconv.FormatBool(n.NickServ), "agenda": expand(n.Agenda)}
	for name, v := range vals {
		if set[name] || v == "" || v == "false" {
			continue
		}
		if _, inEnv := os.LookupEnv("GAVEL_" + env[name]); inEnv {
			continue
		}
		if fs.Lookup(name) != nil {
			fs.Set(name, v)
		}
	}
}

// expand turns a leading ~/ into the home directory.
func expand(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}
