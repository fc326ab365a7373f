package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
)

// quorumRange is what ring.Ring.Get answered for every key of one range: the replica set it walked (indexes into
// the fixture's sorted IDs) and defaultReplicationStrategy.Filter's verdict on it.
type quorumRange struct {
	End       uint32 `json:"end"`
	Replicas  []int  `json:"replicas"`
	Healthy   []int  `json:"healthy"`
	MaxErrors int    `json:"maxErrors"`
	Error     string `json:"error,omitempty"`
}

type quorumFixture struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	WrittenBy   string `json:"writtenBy"`
	// Unix seconds: the instant heartbeats are judged at (the KV client's LastUpdateTime).
	Now int64 `json:"now"`
	ringParams
	IDs        []string                 `json:"ids"`
	Operations map[string][]quorumRange `json:"operations"`
	// What Get answers when no instance holds a token.
	EmptyRingError string `json:"emptyRingError,omitempty"`
}

type quorumCase struct {
	name, description string
	params            ringParams
	build             func(now time.Time, rnd *rand.Rand) *ring.Desc
}

// member is one instance of a scenario: heartbeat age < 0 means it never heartbeated.
type member struct {
	id, zone  string
	state     ring.InstanceState
	tokens    int
	heartbeat time.Duration
}

func members(now time.Time, rnd *rand.Rand, list ...member) *ring.Desc {
	d, taken := ring.NewDesc(), map[uint32]bool{}
	for i, m := range list {
		hb := time.Time{}
		if m.heartbeat >= 0 {
			hb = now.Add(-m.heartbeat)
		}
		var tokens []uint32
		if m.tokens > 0 {
			tokens = randomTokens(rnd, m.tokens, taken)
		}
		add(d, m.id, fmt.Sprintf("10.2.%d.%d:9095", i/256, i%256), m.zone, tokens, m.state, now.Add(-time.Hour), hb)
	}
	return d
}

const (
	live = 2 * time.Second
	dead = 10 * time.Minute
)

func rf(n int, zoneAware bool) ringParams {
	return ringParams{ReplicationFactor: n, ZoneAwareness: zoneAware, HeartbeatTimeoutSeconds: 60}
}

func zoned(zones []string, perZone, tokens int, state func(z, i int) (ring.InstanceState, time.Duration)) []member {
	var out []member
	for z, zone := range zones {
		for i := 1; i <= perZone; i++ {
			s, hb := state(z, i)
			out = append(out, member{fmt.Sprintf("ingester-%s-%d", zone, i), zone, s, tokens, hb})
		}
	}
	return out
}

var abc = []string{"zone-a", "zone-b", "zone-c"}

var quorumCases = []quorumCase{
	{"two-dead", "six ACTIVE ingesters without zones, two of them dead", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		var list []member
		for i := 1; i <= 6; i++ {
			hb := live
			if i == 2 || i == 5 {
				hb = dead
			}
			list = append(list, member{fmt.Sprintf("ingester-%d", i), "", ring.ACTIVE, 8, hb})
		}
		return members(now, rnd, list...)
	}},
	{"states", "one instance in every state (and an unknown state 9), one dead ACTIVE and one dead LEAVING, one at exactly the timeout", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd,
			member{"active-1", "", ring.ACTIVE, 6, live}, member{"active-2", "", ring.ACTIVE, 6, live}, member{"active-3", "", ring.ACTIVE, 6, time.Minute},
			member{"active-dead", "", ring.ACTIVE, 6, dead}, member{"joining", "", ring.JOINING, 6, live}, member{"leaving", "", ring.LEAVING, 6, live},
			member{"leaving-dead", "", ring.LEAVING, 6, dead}, member{"pending", "", ring.PENDING, 6, live}, member{"left", "", ring.LEFT, 6, live},
			member{"readonly", "", ring.READONLY, 6, live}, member{"unknown-9", "", ring.InstanceState(9), 6, live})
	}},
	{"zone-down", "three zones of three, zone-a entirely dead, zone-aware", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned(abc, 3, 6, func(z, _ int) (ring.InstanceState, time.Duration) {
			if z == 0 {
				return ring.ACTIVE, dead
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"zone-down-unaware", "the zone-down ring judged without zone awareness", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned(abc, 3, 6, func(z, _ int) (ring.InstanceState, time.Duration) {
			if z == 0 {
				return ring.ACTIVE, dead
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"dead-in-two-zones", "three zones of two, one dead in zone-a and one in zone-b, zone-aware", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned(abc, 2, 8, func(z, i int) (ring.InstanceState, time.Duration) {
			if z < 2 && i == 1 {
				return ring.ACTIVE, dead
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"zone-states", "three zones of three with JOINING, LEAVING, READONLY, PENDING and dead members, zone-aware", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		states := [][]ring.InstanceState{{ring.ACTIVE, ring.JOINING, ring.LEAVING}, {ring.ACTIVE, ring.READONLY, ring.ACTIVE}, {ring.PENDING, ring.ACTIVE, ring.ACTIVE}}
		return members(now, rnd, zoned(abc, 3, 5, func(z, i int) (ring.InstanceState, time.Duration) {
			if z == 2 && i == 3 {
				return states[z][i-1], dead
			}
			return states[z][i-1], live
		})...)
	}},
	{"two-zones", "two zones, RF 3 (one zone gets an extra replica), a dead member, zone-aware", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned(abc[:2], 3, 6, func(z, i int) (ring.InstanceState, time.Duration) {
			if z == 0 && i == 2 {
				return ring.ACTIVE, dead
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"four-zones", "four zones, RF 3 (RF/zones = 0), a JOINING member, zone-aware", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned([]string{"zone-a", "zone-b", "zone-c", "zone-d"}, 2, 5, func(z, i int) (ring.InstanceState, time.Duration) {
			if z == 3 && i == 1 {
				return ring.JOINING, live
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"unzoned-members", "zone-aware ring where some members have no zone, plus a tokenless member in a zone of its own", rf(3, true), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd,
			member{"a-1", "zone-a", ring.ACTIVE, 6, live}, member{"a-2", "zone-a", ring.ACTIVE, 6, dead}, member{"b-1", "zone-b", ring.ACTIVE, 6, live},
			member{"none-1", "", ring.ACTIVE, 6, live}, member{"none-2", "", ring.LEAVING, 6, live}, member{"spare", "zone-x", ring.PENDING, 0, live})
	}},
	{"rf1", "replication factor 1 with a dead member", rf(1, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"i-1", "", ring.ACTIVE, 8, live}, member{"i-2", "", ring.ACTIVE, 8, dead}, member{"i-3", "", ring.JOINING, 8, live})
	}},
	{"rf5", "replication factor 5, two dead and one LEAVING among seven", rf(5, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		var list []member
		for i := 1; i <= 7; i++ {
			s, hb := ring.ACTIVE, live
			if i == 3 || i == 6 {
				hb = dead
			}
			if i == 4 {
				s = ring.LEAVING
			}
			list = append(list, member{fmt.Sprintf("ingester-%d", i), "", s, 6, hb})
		}
		return members(now, rnd, list...)
	}},
	{"fewer-than-rf", "two healthy instances with RF 3", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"i-1", "", ring.ACTIVE, 8, live}, member{"i-2", "", ring.ACTIVE, 8, live})
	}},
	{"single-instance", "one instance with RF 3", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"only", "", ring.ACTIVE, 4, live})
	}},
	{"ghosts-no-timeout", "ghosts that never heartbeated, heartbeat timeout 0 (never unhealthy)", ringParams{ReplicationFactor: 3, HeartbeatTimeoutSeconds: 0}, func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"i-1", "", ring.ACTIVE, 6, live}, member{"ghost-1", "", ring.ACTIVE, 6, -1}, member{"ghost-2", "", ring.ACTIVE, 6, -1})
	}},
	{"ghosts", "the same ghosts with the default timeout", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"i-1", "", ring.ACTIVE, 6, live}, member{"ghost-1", "", ring.ACTIVE, 6, -1}, member{"ghost-2", "", ring.ACTIVE, 6, -1})
	}},
	{"excluded-zone", "zone-c excluded by -distributor.excluded-zones, zone-aware", ringParams{ReplicationFactor: 3, ZoneAwareness: true, HeartbeatTimeoutSeconds: 60, ExcludedZones: []string{"zone-c"}}, func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, zoned(abc, 2, 5, func(z, i int) (ring.InstanceState, time.Duration) {
			if z == 0 && i == 1 {
				return ring.ACTIVE, dead
			}
			return ring.ACTIVE, live
		})...)
	}},
	{"shared-and-edge-tokens", "two instances claiming the same tokens, tokens at 0 and 2^32-1, one dead", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d := members(now, rnd, member{"i-1", "", ring.ACTIVE, 4, live}, member{"i-2", "", ring.ACTIVE, 4, dead}, member{"i-3", "", ring.ACTIVE, 4, live}, member{"i-4", "", ring.ACTIVE, 4, live})
		shared := d.Ingesters["i-1"].Tokens[:2]
		for _, id := range []string{"i-2", "i-4"} {
			in := d.Ingesters[id]
			in.Tokens = append(append([]uint32{}, in.Tokens...), shared...)
			slices.Sort(in.Tokens)
			d.Ingesters[id] = in
		}
		in := d.Ingesters["i-3"]
		in.Tokens = append([]uint32{0}, append(in.Tokens, math.MaxUint32)...)
		d.Ingesters["i-3"] = in
		return d
	}},
	{"empty", "no instance holds a token", rf(3, false), func(now time.Time, rnd *rand.Rand) *ring.Desc {
		return members(now, rnd, member{"pending", "", ring.PENDING, 0, live})
	}},
}

// randomCases draws rings of every shape: states, zones, dead members, RF 1-5, with and without zone awareness.
func randomCases(n int) []quorumCase {
	var out []quorumCase
	for c := 0; c < n; c++ {
		seed := int64(1000 + c)
		pick := rand.New(rand.NewSource(seed))
		params := ringParams{ReplicationFactor: 1 + pick.Intn(5), ZoneAwareness: pick.Intn(2) == 0, HeartbeatTimeoutSeconds: []int{60, 60, 0}[pick.Intn(3)]}
		out = append(out, quorumCase{fmt.Sprintf("random-%02d", c), fmt.Sprintf("random ring (seed %d)", seed), params, func(now time.Time, rnd *rand.Rand) *ring.Desc {
			r := rand.New(rand.NewSource(seed))
			zones := []string{"", "zone-a", "zone-b", "zone-c", "zone-d"}[:1+r.Intn(5)]
			states := []ring.InstanceState{ring.ACTIVE, ring.ACTIVE, ring.ACTIVE, ring.ACTIVE, ring.LEAVING, ring.JOINING, ring.PENDING, ring.LEFT, ring.READONLY}
			var list []member
			for i, count := 0, 2+r.Intn(11); i < count; i++ {
				hb := live
				if r.Intn(4) == 0 {
					hb = dead
				}
				list = append(list, member{fmt.Sprintf("ingester-%02d", i), zones[r.Intn(len(zones))], states[r.Intn(len(states))], r.Intn(7), hb})
			}
			return members(now, rnd, list...)
		}})
	}
	return out
}

func runQuorumFixtures(args []string) error {
	fs := flag.NewFlagSet("quorum-fixtures", flag.ExitOnError)
	out := fs.String("out", "", "directory for <name>.bin and <name>.json")
	seed := fs.Int64("seed", 1, "token seed")
	random := fs.Int("random", 24, "random rings besides the named cases")
	_ = fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	now := time.Unix(time.Now().Unix(), 0)
	rnd := rand.New(rand.NewSource(*seed))
	codec := ring.GetCodec()
	for _, c := range append(slices.Clone(quorumCases), randomCases(*random)...) {
		value, err := codec.Encode(c.build(now, rnd))
		if err != nil {
			return fmt.Errorf("%s: encode: %w", c.name, err)
		}
		if err := writeQuorumFixture(*out, c, value, now); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	return nil
}

func writeQuorumFixture(dir string, c quorumCase, value []byte, now time.Time) error {
	// The ring under test is what Cortex decodes from the stored value.
	decoded, err := ring.GetCodec().Decode(value)
	if err != nil {
		return err
	}
	desc := decoded.(*ring.Desc)
	f := quorumFixture{Name: c.name, Description: c.description, Now: now.Unix(), ringParams: c.params, Operations: map[string][]quorumRange{},
		WrittenBy: "github.com/cortexproject/cortex/pkg/ring: GetCodec() value; ranges from ring.Ring.Get with defaultReplicationStrategy.Filter"}
	index := map[string]int{}
	for id := range desc.Ingesters {
		f.IDs = append(f.IDs, id)
	}
	sort.Strings(f.IDs)
	for i, id := range f.IDs {
		index[desc.Ingesters[id].Addr] = i
	}
	// Cortex drops instances of excluded zones from its view of the ring, so their tokens bound no range.
	kept := ring.NewDesc()
	for id, in := range desc.Ingesters {
		if !slices.Contains(c.params.ExcludedZones, in.Zone) {
			kept.Ingesters[id] = in
		}
	}
	tokens := distinctTokens(kept)
	strategy := &recordingStrategy{inner: ring.NewDefaultReplicationStrategy()}
	r, stop, err := startRing(desc, c.params, now, strategy)
	if err != nil {
		return err
	}
	defer stop()
	if len(tokens) == 0 {
		_, err := r.Get(0, ring.Write, nil, nil, nil)
		f.EmptyRingError = fmt.Sprint(err)
	}
	for name, op := range map[string]ring.Operation{"write": ring.Write, "read": ring.Read} {
		ranges := []quorumRange{}
		for j, end := range tokens {
			first := tokens[(j+len(tokens)-1)%len(tokens)]
			got := quorumGet(r, strategy, op, first, index)
			// Every key of the range gets the same answer: check its last key too.
			if again := quorumGet(r, strategy, op, end-1, index); fmt.Sprint(again) != fmt.Sprint(got) {
				return fmt.Errorf("range ending at %d: key %d gave %v, key %d gave %v", end, first, got, end-1, again)
			}
			got.End = end
			ranges = append(ranges, got)
		}
		f.Operations[name] = ranges
	}
	js, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, c.name+".bin"), value, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, c.name+".json"), append(js, '\n'), 0o644)
}

func quorumGet(r *ring.Ring, strategy *recordingStrategy, op ring.Operation, key uint32, index map[string]int) quorumRange {
	set, err := r.Get(key, op, nil, nil, nil)
	out := quorumRange{Replicas: []int{}, Healthy: []int{}, MaxErrors: set.MaxErrors}
	for _, in := range strategy.last {
		out.Replicas = append(out.Replicas, index[in.Addr])
	}
	if err != nil {
		out.Error = err.Error()
		return out
	}
	for _, in := range set.Instances {
		out.Healthy = append(out.Healthy, index[in.Addr])
	}
	return out
}
