package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// botChannels reads the bot's channels — --channel and --channels,
// repeated or comma lists, and the config's channels list or tables — and
// the per-channel settings of the config's [networks.NAME.channels."#c"]
// tables.
func botChannels(v *values) ([]string, map[string]channelSettings, error) {
	vals := v.strings("channel")
	if len(vals) == 0 {
		// the single-channel key chair reads, as a bot's only channel
		if raw, _, ok := v.table.lookup("channel"); ok {
			vals, _ = configTexts(raw, kStrings)
		}
	}
	channels, err := splitChannels(vals)
	if err != nil {
		return nil, nil, err
	}
	raw, where, ok := v.table.lookup("channels")
	tables, isTable := raw.(map[string]any)
	if !ok || !isTable {
		return channels, nil, nil
	}
	per := map[string]channelSettings{}
	for _, ch := range slices.Sorted(maps.Keys(tables)) {
		t, ok := tables[ch].(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("config: %s.%q must be a table", where, ch)
		}
		s, err := parseChannelSettings(t)
		if err != nil {
			return nil, nil, fmt.Errorf("config: %s.%q: %w", where, ch, err)
		}
		per[ch] = s
	}
	return channels, per, nil
}

// parseChannelSettings reads one channel's table; an unknown key or a bad
// value is an error, so a typo is not silently ignored.
func parseChannelSettings(t map[string]any) (channelSettings, error) {
	var s channelSettings
	for _, k := range slices.Sorted(maps.Keys(t)) {
		val := t[k]
		str, isStr := val.(string)
		switch k {
		case "quiet":
			b, ok := val.(bool)
			if !ok {
				return s, fmt.Errorf("quiet must be true or false")
			}
			s.Quiet = &b
		case "url_base":
			if !isStr {
				return s, fmt.Errorf("url_base must be a string")
			}
			s.URLBase = str
		case "flavour":
			f, err := meeting.ParseFlavour(str)
			if !isStr || err != nil {
				return s, fmt.Errorf("flavour %v: want one of %v", val, meeting.Flavours)
			}
			s.Flavour = string(f)
		case "layout":
			if _, err := minutes.ParseLayout(str); !isStr || err != nil {
				return s, fmt.Errorf("layout %v: %v", val, err)
			}
			s.Layout = str
		default:
			return s, fmt.Errorf("unknown key %s (known: flavour, layout, quiet, url_base)", k)
		}
	}
	return s, nil
}
