// Command dskit-fixtures writes ring vectors with grafana/dskit's ring codec: DIR/dskit-fields.bin (the Consul KV
// value) and DIR/dskit-fields.json (what dskit decodes from it), for the ring client's decoder tests.
//
//	go run . -out DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/grafana/dskit/ring"
)

type instance struct {
	Addr                     string            `json:"addr"`
	Timestamp                int64             `json:"timestamp"`
	State                    string            `json:"state"`
	Tokens                   []uint32          `json:"tokens"`
	Zone                     string            `json:"zone"`
	RegisteredTimestamp      int64             `json:"registeredTimestamp"`
	ID                       string            `json:"id"`
	ReadOnly                 bool              `json:"readOnly"`
	ReadOnlyUpdatedTimestamp int64             `json:"readOnlyUpdatedTimestamp"`
	Versions                 map[string]string `json:"versions"`
}

func main() {
	out := flag.String("out", "", "directory for dskit-fields.bin and dskit-fields.json")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: dskit-fixtures -out DIR")
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintf(os.Stderr, "dskit-fixtures: %v\n", err)
		os.Exit(1)
	}
}

func run(out string) error {
	now := time.Unix(1_800_000_000, 0)
	desc := ring.NewDesc()
	desc.AddIngester("store-gateway-1", "10.2.0.1:9095", "zone-a", []uint32{100, 2_000_000_000, 4_000_000_000}, ring.ACTIVE, now.Add(-time.Hour), false, time.Time{}, nil)
	desc.AddIngester("store-gateway-2", "10.2.0.2:9095", "zone-b", []uint32{200, 3_000_000_000}, ring.ACTIVE, now.Add(-time.Hour), true, now.Add(-time.Minute),
		ring.InstanceVersions{1: 7, 18446744073709551615: 12345678901234567890})
	desc.AddIngester("store-gateway-3", "10.2.0.3:9095", "zone-c", nil, ring.LEFT, time.Time{}, false, time.Time{}, nil)
	for id, in := range desc.Ingesters {
		in.Timestamp = now.Add(-5 * time.Second).Unix()
		desc.Ingesters[id] = in
	}
	codec := ring.GetCodec()
	value, err := codec.Encode(desc)
	if err != nil {
		return err
	}
	decoded, err := codec.Decode(value)
	if err != nil {
		return err
	}
	expected := map[string]instance{}
	for id, in := range decoded.(*ring.Desc).Ingesters {
		versions := map[string]string{}
		for k, v := range in.Versions {
			versions[strconv.FormatUint(k, 10)] = strconv.FormatUint(v, 10)
		}
		tokens := in.Tokens
		if tokens == nil {
			tokens = []uint32{}
		}
		expected[id] = instance{Addr: in.Addr, Timestamp: in.Timestamp, State: in.State.String(), Tokens: tokens, Zone: in.Zone,
			RegisteredTimestamp: in.RegisteredTimestamp, ID: in.Id, ReadOnly: in.ReadOnly, ReadOnlyUpdatedTimestamp: in.ReadOnlyUpdatedTimestamp, Versions: versions}
	}
	js, err := json.MarshalIndent(map[string]any{
		"name":        "dskit-fields",
		"description": "dskit's InstanceDesc fields 9-12: id, read_only, read_only_updated_timestamp, versions (uint64 beyond 2^53)",
		"writtenBy":   "github.com/grafana/dskit/ring GetCodec() (proto + snappy)",
		"instances":   expected,
	}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "dskit-fields.bin"), value, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "dskit-fields.json"), append(js, '\n'), 0o644)
}
