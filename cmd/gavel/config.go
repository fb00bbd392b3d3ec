package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// fileConfig is $XDG_CONFIG_HOME/gavel/config.toml ($GAVEL_CONFIG
// overrides the path):
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
// Its keys are the settings table's config keys; any of them may be set at
// the top level or in a network's table (which wins). A key no setting
// knows is an error, so a typo is not silently ignored.
type fileConfig struct {
	path     string
	top      map[string]any
	networks map[string]map[string]any
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
	c := &fileConfig{path: path, top: map[string]any{}, networks: map[string]map[string]any{}}
	if path == "" {
		return c, nil
	}
	_, err := toml.DecodeFile(path, &c.top)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if n, ok := c.top["networks"]; ok {
		nets, ok := n.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("config %s: networks must be tables ([networks.NAME])", path)
		}
		for name, t := range nets {
			tab, ok := t.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("config %s: networks.%s must be a table", path, name)
			}
			c.networks[name] = tab
		}
		delete(c.top, "networks")
	}
	if err := c.checkKeys(); err != nil {
		return nil, err
	}
	return c, nil
}

// checkKeys refuses keys that no setting reads.
func (c *fileConfig) checkKeys() error {
	known := map[string]bool{}
	for _, s := range settings {
		if s.key != "" {
			known[s.key] = true
		}
	}
	check := func(where string, t map[string]any) error {
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if !known[k] {
				return fmt.Errorf("config %s: unknown key %s%s (known: %s)", c.path, where, k,
					strings.Join(slices.Sorted(maps.Keys(known)), ", "))
			}
		}
		return nil
	}
	if err := check("", c.top); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(c.networks)) {
		if err := check("networks."+name+".", c.networks[name]); err != nil {
			return err
		}
	}
	return nil
}

// hasNetworkConfig reports whether the config file names a network to use
// without flags.
func hasNetworkConfig() bool {
	c, err := loadConfig(configPath())
	return err == nil && (c.top["default"] != nil || len(c.networks) == 1 || c.top["server"] != nil)
}

// configTable is the part of the config one command reads: the chosen
// network's table, then the top level.
type configTable struct {
	name string
	net  map[string]any
	top  map[string]any
}

// table picks a named network (or the default one, or the only one).
func (c *fileConfig) table(name string) (configTable, error) {
	if name == "" {
		if d, ok := c.top["default"].(string); ok {
			name = d
		}
	}
	if name == "" && len(c.networks) == 1 {
		for n := range c.networks {
			name = n
		}
	}
	t := configTable{name: name, top: c.top}
	if name == "" {
		return t, nil
	}
	n, ok := c.networks[name]
	if !ok {
		have := strings.Join(slices.Sorted(maps.Keys(c.networks)), ", ")
		if have == "" {
			have = "none"
		}
		return t, fmt.Errorf("no network %q in the config %s (have: %s)", name, c.path, have)
	}
	t.net = n
	return t, nil
}

// lookup finds key in the network's table, then at the top level, and
// says where it was found.
func (t configTable) lookup(key string) (v any, where string, ok bool) {
	if v, ok := t.net[key]; ok {
		return v, "networks." + t.name + "." + key, true
	}
	if v, ok := t.top[key]; ok {
		return v, key, true
	}
	return nil, "", false
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
