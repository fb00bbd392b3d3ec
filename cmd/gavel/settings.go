package main

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// kind is how a setting's text is parsed (pflag does the parsing, the same
// for a flag, an environment variable and a config value).
type kind uint8

const (
	kString   kind = iota
	kPath          // a string where a leading ~/ means the home directory
	kBool          // true/false, 1/0
	kInt           // a whole number
	kFloat         // a number
	kDuration      // 10s, 2m, 1h30m
	kStrings       // repeatable flag; a list in the config; comma-separated in the environment
)

// setting is one row of the settings table.
type setting struct {
	name string // the flag: --name
	kind kind
	def  string // default, as text; "" for none
	env  string // GAVEL_<env> environment variable; "" for flag only
	key  string // config.toml key (top level or in the network's [networks.NAME] table); "" for none
	cmds string // the commands that take it, space-separated
	help string
}

// settings is every setting of every command, in one table.
//
// Each value comes from, in order: the flag, then the GAVEL_* environment
// variable (env), then config.toml (key: looked up in the chosen network's
// [networks.NAME] table first, then at the top level), then def.
//
// To add a setting, add one row here and read it in the command with
// v.str("name") / v.bool / v.int / v.float / v.duration / v.strings. Help
// shows the env and config names by itself. Two rows may share a name when
// their cmds do not overlap (import's --channel is not chair's).
var settings = []setting{
	// Which network of the config file: its table's keys apply.
	{"network", kString, "", "NETWORK", "default", "chair bot review search actions index import serve amend history", "network (a [networks.NAME] table) from the config file"},

	// IRC connection.
	{"server", kString, "", "SERVER", "server", "chair bot", "the IRC server, HOST:PORT (port defaults to 6697 with --tls, else 6667)"},
	{"nick", kString, "", "NICK", "nick", "chair bot", "nick to use"},
	{"channel", kString, "", "CHANNEL", "channel", "chair", "meeting channel, e.g. '#meeting'"},
	{"channel", kStrings, "", "CHANNEL", "channels", "bot", "meeting channels: repeat the flag or give a comma list; in the config channels = [...] (or channel = \"#c\"), or per-channel tables [networks.NAME.channels.\"#c\"] with quiet, url_base, flavour, layout"},
	{"join-on-invite", kBool, "false", "JOIN_ON_INVITE", "join_on_invite", "bot", "join channels we are invited to, and again after every restart"},
	{"tls", kBool, "false", "TLS", "tls", "chair bot", "connect with TLS (certificate verified)"},
	{"tls-ca", kPath, "", "TLS_CA", "tls_ca", "chair bot", "a PEM file of CA certificates to trust instead of the system's"},
	{"tls-cert", kPath, "", "TLS_CERT", "tls_cert", "chair bot", "client certificate (PEM), for SASL EXTERNAL / CertFP"},
	{"tls-key", kPath, "", "TLS_KEY", "tls_key", "chair bot", "client certificate key (PEM)"},
	{"tls-insecure", kBool, "false", "", "", "chair bot", "do not verify the server certificate (never the default)"},
	{"sasl", kString, "", "SASL", "sasl", "chair bot", "the SASL mechanism: plain or external"},
	{"account", kString, "", "ACCOUNT", "account", "chair bot", "services account (default: the nick)"},
	{"password", kString, "", "PASSWORD", "password", "chair bot", "where the password comes from: env:NAME, file:PATH or cmd:COMMAND"},
	{"nickserv", kBool, "false", "NICKSERV", "nickserv", "chair bot", "identify to NickServ after connecting (when not using SASL)"},
	{"reconnect-min", kDuration, "10s", "", "", "chair bot", "first reconnect delay (doubles each failure)"},
	{"reconnect-max", kDuration, "10m0s", "", "", "chair bot", "longest reconnect delay"},

	// Where things are kept.
	{"archive", kPath, "", "ARCHIVE", "archive", "chair bot review search actions index import serve amend history", "archive directory for minutes (default $XDG_DATA_HOME/gavel/meetings)"},
	{"journal-dir", kPath, "", "JOURNAL_DIR", "journal_dir", "chair bot", "directory of live journals (default $XDG_STATE_HOME/gavel/journal)"},
	{"log", kPath, "", "LOG", "", "chair", "log file (default $XDG_STATE_HOME/gavel/chair.log)"},
	{"log", kPath, "", "LOG", "", "bot", "structured log file (default $XDG_STATE_HOME/gavel/bot.log)"},

	// Recording.
	{"agenda", kPath, "", "AGENDA", "agenda", "chair", "agenda file: one topic per line; Ctrl-X n sends the next"},
	{"quiet", kBool, "false", "QUIET", "quiet", "chair", "never answer commands in the channel (another bot does)"},
	{"quiet", kBool, "false", "QUIET", "quiet", "bot", "record only: never speak or set the topic"},
	{"set-topic", kBool, "true", "", "set_topic", "bot", "set the channel topic at #topic (needs channel op or -t)"},
	{"url-base", kString, "", "URL_BASE", "url_base", "chair bot minutes", "where the archive is published: #save and #endmeeting announce the files' URLs under it (without it, file names only), and the .txt minutes give the log's URL"},
	{"flavour", kString, "zodbot", "FLAVOUR", "flavour", "chair bot minutes import", "the bot to behave as: zodbot (names the meeting from #startmeeting), darst (keeps the channel until #meetingname) or openstack — meeting names, replies, .txt and .html minutes"},
	{"layout", kString, "", "LAYOUT", "layout", "chair bot minutes import", "where files go under the archive, in MeetBot's filenamePattern syntax: %(channel)s, %(meetingname)s, %(network)s, strftime as %%F, %%H … (default \"%(channel)s/%%F/%(meetingname)s.%%F-%%H.%%M\")"},
	{"debug", kBool, "false", "", "", "bot", "log the raw IRC protocol (passwords redacted)"},

	// Meeting events on a message bus.
	{"events", kStrings, "", "EVENTS", "events", "bot", "publish meeting events to amqp://user:pass@host:port/vhost, file:PATH (JSON lines) or - (stdout); repeatable"},
	{"events-prefix", kString, "", "EVENTS_PREFIX", "events_prefix", "bot", "topic prefix of the events, e.g. org.fedoraproject.prod"},
	{"events-exchange", kString, "amq.topic", "EVENTS_EXCHANGE", "events_exchange", "bot", "exchange the events are published to (AMQP)"},

	// The archive commands.
	{"no-update", kBool, "false", "", "", "review search actions", "do not check the archive for files added by hand first"},
	{"json", kBool, "false", "", "", "search actions history", "print JSON"},
	{"limit", kInt, "20", "", "", "search", "at most this many meetings"},
	{"lines", kInt, "3", "", "", "search", "at most this many hits under each meeting"},
	{"sort", kString, "relevance", "", "", "search", "relevance or newest"},
	{"literal", kBool, "false", "", "", "search", "search for the words as typed (no FTS5 operators)"},
	{"who", kString, "", "", "", "actions", "only items owned by this nick"},
	{"channel", kString, "", "", "", "actions", "only this channel"},
	{"name", kString, "", "", "", "actions", "only this meeting name"},
	{"open", kBool, "false", "", "", "actions", "only open items"},
	{"limit", kInt, "100", "", "", "actions", "at most this many items, newest first, then a line saying how many more match (0: all; --json lists all unless given)"},
	{"done", kString, "", "", "", "actions", "close the item with this ID (or a unique prefix)"},
	{"reopen", kString, "", "", "", "actions", "open again the item with this ID (undo a closing)"},
	{"last", kString, "", "", "", "actions", "open items from the previous meeting of this channel's series, ready to paste"},
	{"rebuild", kBool, "false", "", "", "index", "drop the index and rebuild it from the files"},

	// Amending a finished meeting's record.
	{"line", kInt, "0", "", "", "amend", "the log line of the item to amend (or to redact)"},
	{"text", kString, "", "", "", "amend", "the item's new text"},
	{"type", kString, "", "", "", "amend", "the item's new type: info, idea, agreed, accepted, rejected, action, link, help"},
	{"owners", kString, "", "", "", "amend", "the action item's owners, comma-separated ('' for UNASSIGNED)"},
	{"void", kBool, "false", "", "", "amend", "strike the item from the record (it stays, marked)"},
	{"redact", kBool, "false", "", "", "amend", "remove what the line said from every file and the index"},
	{"why", kString, "", "", "", "amend", "the reason, kept in the trail and shown in the minutes (required)"},
	{"by", kString, "", "", "", "amend", "who makes the amendment (default: your user name)"},

	// Sharing the archive over SSH.
	{"listen", kString, "127.0.0.1:23234", "SERVE_LISTEN", "serve_listen", "serve", "address to listen on, HOST:PORT (0.0.0.0:PORT for everyone)"},
	{"authorized-keys", kPath, "", "SERVE_AUTHORIZED_KEYS", "serve_authorized_keys", "serve", "an OpenSSH authorized_keys file: only these keys may connect"},
	{"host-key", kPath, "", "SERVE_HOST_KEY", "serve_host_key", "serve", "host key file, made on first start (default $XDG_STATE_HOME/gavel/ssh_host_ed25519)"},
	{"idle-timeout", kDuration, "30m0s", "", "", "serve", "close a session after this long without a key or output (0: never)"},
	{"max-sessions", kInt, "64", "", "", "serve", "sessions open at once"},

	// Reading logs.
	{"channel", kString, "", "", "", "import", "channel of every log (default: guessed from each path)"},
	{"channel", kString, "", "", "", "minutes replay", "channel name (default: guessed from the file name)"},
	{"name", kString, "", "", "", "import minutes", "meeting name for every meeting (default: #meetingname, else the channel)"},
	{"date", kString, "", "", "", "import minutes replay", "meeting date YYYY-MM-DD for logs that carry only times"},
	{"quiet", kBool, "false", "", "", "import", "no progress, only errors and the summary"},
	{"format", kString, "md", "", "", "minutes", "the format: md, txt, html, log.txt, log.html, json, or all (all needs --out)"},
	{"out", kPath, "", "", "", "minutes", "write files under this directory, in the --layout (zodbot's by default), instead of printing"},
	{"speed", kFloat, "10", "", "", "replay", "playback speed: N times real time"},
	{"speed", kFloat, "25", "", "", "demo", "playback speed: N times real time"},
}

// settingsFor returns the rows the command takes, in table order.
func settingsFor(cmd string) []setting {
	var out []setting
	for _, s := range settings {
		if slices.Contains(strings.Fields(s.cmds), cmd) {
			out = append(out, s)
		}
	}
	return out
}

// bindSettings declares the command's flags from the table; their help
// names the environment variable and config key too.
func bindSettings(c *cobra.Command, cmd string) {
	fs := c.Flags()
	for _, s := range settingsFor(cmd) {
		help := s.help + s.sources()
		switch s.kind {
		case kBool:
			fs.Bool(s.name, false, help)
		case kInt:
			fs.Int(s.name, 0, help)
		case kFloat:
			fs.Float64(s.name, 0, help)
		case kDuration:
			fs.Duration(s.name, 0, help)
		case kStrings:
			fs.StringArray(s.name, nil, help)
		default:
			fs.String(s.name, "", help)
		}
		if s.def != "" {
			f := fs.Lookup(s.name)
			if err := f.Value.Set(s.def); err != nil {
				panic(fmt.Sprintf("settings: default of --%s: %v", s.name, err))
			}
			f.DefValue = f.Value.String()
		}
	}
}

// sources is the " [$GAVEL_X; config: x]" suffix of a flag's help.
func (s setting) sources() string {
	var parts []string
	if s.env != "" {
		parts = append(parts, "$GAVEL_"+s.env)
	}
	if s.key != "" {
		parts = append(parts, "config: "+s.key)
	}
	if len(parts) == 0 {
		return ""
	}
	return " [" + strings.Join(parts, "; ") + "]"
}

// resolve fills every flag not given on the command line from the
// environment, then from the config file. Bad values are usage errors
// naming where they came from.
func resolve(c *cobra.Command, cmd string, cfg *fileConfig) (*values, error) {
	fs := c.Flags()
	v := &values{fs: fs, from: map[string]string{}}
	// The network comes first: it picks the config table the rest read.
	network := ""
	if f := fs.Lookup("network"); f != nil {
		network = f.Value.String()
		if !f.Changed {
			if e, ok := os.LookupEnv("GAVEL_NETWORK"); ok {
				network = e
			}
		}
	}
	table, err := cfg.table(network)
	if err != nil {
		return nil, usageErr(err)
	}
	v.table = table
	for _, s := range settingsFor(cmd) {
		f := fs.Lookup(s.name)
		if f.Changed {
			v.from[s.name] = "--" + s.name
			continue
		}
		if e, ok := os.LookupEnv("GAVEL_" + s.env); ok && s.env != "" {
			if err := setAll(f, s.kind, splitEnv(s.kind, e)); err != nil {
				return nil, usageErr(fmt.Errorf("$GAVEL_%s: %w", s.env, err))
			}
			v.from[s.name] = "$GAVEL_" + s.env
			continue
		}
		if s.key == "" {
			continue
		}
		raw, where, ok := table.lookup(s.key)
		if !ok {
			continue
		}
		texts, err := configTexts(raw, s.kind)
		if err == nil {
			err = setAll(f, s.kind, texts)
		}
		if err != nil {
			return nil, usageErr(fmt.Errorf("config %s: %s: %w", cfg.path, where, err))
		}
		v.from[s.name] = "config " + where
	}
	return v, nil
}

// setAll sets a flag's value from text without marking it as given on
// the command line.
func setAll(f *pflag.Flag, k kind, texts []string) error {
	if k == kPath && len(texts) == 1 {
		texts[0] = expand(texts[0])
	}
	for _, t := range texts {
		if err := f.Value.Set(t); err != nil {
			return fmt.Errorf("bad value %q (want %s)", t, f.Value.Type())
		}
	}
	return nil
}

func splitEnv(k kind, e string) []string {
	if k == kStrings {
		return strings.Split(e, ",")
	}
	return []string{e}
}

// configTexts turns a TOML value into the text(s) a flag parses. For a
// list setting a table gives its keys (bot's [networks.NAME.channels."#c"]
// tables name the channels).
func configTexts(raw any, k kind) ([]string, error) {
	switch x := raw.(type) {
	case map[string]any:
		if k == kStrings {
			return slices.Sorted(maps.Keys(x)), nil
		}
		return nil, fmt.Errorf("a table is not a value")
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = fmt.Sprint(e)
		}
		return out, nil
	default:
		return []string{fmt.Sprint(x)}, nil
	}
}

// values are a command's resolved settings.
type values struct {
	fs   *pflag.FlagSet
	from map[string]string // setting → where its value came from, when not the default
	// table is the config the values were read from, for settings that
	// are tables (bot's per-channel settings).
	table configTable
}

// given reports whether the setting was set (flag, environment or config)
// rather than left at its default.
func (v *values) given(name string) bool { return v.from[name] != "" }

// The getters panic on a name the command does not take: a programming
// error the per-command tests catch.
func (v *values) str(name string) string {
	f := v.fs.Lookup(name)
	if f == nil {
		panic("no setting --" + name)
	}
	return f.Value.String()
}

func (v *values) bool(name string) bool {
	b, err := v.fs.GetBool(name)
	if err != nil {
		panic(err)
	}
	return b
}

func (v *values) strings(name string) []string {
	s, err := v.fs.GetStringArray(name)
	if err != nil {
		panic(err)
	}
	return s
}

func (v *values) int(name string) int {
	n, err := v.fs.GetInt(name)
	if err != nil {
		panic(err)
	}
	return n
}

func (v *values) float(name string) float64 {
	n, err := v.fs.GetFloat64(name)
	if err != nil {
		panic(err)
	}
	return n
}

func (v *values) duration(name string) time.Duration {
	d, err := v.fs.GetDuration(name)
	if err != nil {
		panic(err)
	}
	return d
}
