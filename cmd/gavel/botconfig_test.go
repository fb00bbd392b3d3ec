package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestBotChannels: the bot's channels from flags (repeated, comma lists),
// the environment, and the config (a list, the single channel key, or
// per-channel tables with their settings); bad settings are errors.
func TestBotChannels(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		env          map[string]string
		args         []string
		want, per    string
		err          string
	}{
		{name: "flags repeated and comma lists", args: []string{"--channel", "#a,#b", "--channel", "#c", "--channel", "#A"}, want: "#a #b #c"},
		{name: "env comma list", env: map[string]string{"GAVEL_CHANNEL": "#e1,#e2"}, want: "#e1 #e2"},
		{name: "config list", config: `channels = ["#x", "#y"]`, want: "#x #y"},
		{name: "config single channel", config: `channel = "#solo"`, want: "#solo"},
		{name: "flag wins over the config", config: `channels = ["#x"]`, args: []string{"--channel", "#f"}, want: "#f"},
		{name: "per-channel tables", config: "[networks.n.channels.\"#q\"]\nquiet = true\nurl_base = \"https://q/\"\nflavour = \"Darst\"\n[networks.n.channels.\"#p\"]\n",
			want: "#p #q", per: "#p:<nil>:: #q:true:https://q/:darst"},
		{name: "tables with channels given by flag", config: "[networks.n.channels.\"#q\"]\nquiet = false\n", args: []string{"--channel", "#other"},
			want: "#other", per: "#q:false::"},
		{name: "unknown key", config: "[networks.n.channels.\"#q\"]\nquit = true\n", err: "unknown key quit"},
		{name: "bad flavour", config: "[networks.n.channels.\"#q\"]\nflavour = \"ubuntu\"\n", err: "flavour ubuntu"},
		{name: "not a channel", args: []string{"--channel", "meeting"}, err: `"meeting": a channel starts with '#'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			v, err := resolveFor(t, "bot", tc.config, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			chans, per, err := botChannels(v)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(chans, " "); got != tc.want {
				t.Fatalf("channels %q, want %q", got, tc.want)
			}
			var ps []string
			for _, ch := range []string{"#p", "#q"} {
				if s, ok := per[ch]; ok {
					q := "<nil>"
					if s.Quiet != nil {
						q = fmt.Sprint(*s.Quiet)
					}
					ps = append(ps, ch+":"+q+":"+s.URLBase+":"+s.Flavour)
				}
			}
			if got := strings.Join(ps, " "); got != tc.per {
				t.Fatalf("per-channel %q, want %q", got, tc.per)
			}
		})
	}
}
