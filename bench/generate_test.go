package bench

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/envdiff/envdiff/collect/awsfake"
)

func TestGenerateShapes(t *testing.T) {
	for _, tc := range []struct {
		name                string
		opts                GenOptions
		envs                []string
		accounts            int
		lbsPerRegion        int
		recordsPerAccount   int
		distsPerAccount     int
		sharedAccountHolder string // environments sharing the first account
	}{
		{
			name: "default: 4 environments in 3 accounts", opts: GenOptions{},
			envs: []string{"qa1", "qa2", "staging", "production"}, accounts: 3,
			lbsPerRegion: 20, recordsPerAccount: 5000, distsPerAccount: 30, sharedAccountHolder: "qa1,qa2",
		},
		{
			name: "scale 2 doubles the counts", opts: GenOptions{Scale: 2},
			envs: []string{"qa1", "qa2", "staging", "production"}, accounts: 3,
			lbsPerRegion: 40, recordsPerAccount: 10000, distsPerAccount: 60, sharedAccountHolder: "qa1,qa2",
		},
		{
			name: "two environments, one account", opts: GenOptions{Envs: 2, Accounts: 1},
			envs: []string{"staging", "production"}, accounts: 1,
			lbsPerRegion: 20, recordsPerAccount: 5000, distsPerAccount: 30, sharedAccountHolder: "staging,production",
		},
		{
			name: "five environments, more accounts than asked for is capped", opts: GenOptions{Envs: 5, Accounts: 9},
			envs: []string{"qa1", "qa2", "qa3", "staging", "production"}, accounts: 5,
			lbsPerRegion: 20, recordsPerAccount: 5000, distsPerAccount: 30, sharedAccountHolder: "qa1",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Generate(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range s.Environments {
				names = append(names, e.Name)
			}
			if strings.Join(names, ",") != strings.Join(tc.envs, ",") {
				t.Errorf("environments %v, want %v", names, tc.envs)
			}
			if last := s.Environments[len(s.Environments)-1]; last.Role != "target" {
				t.Errorf("the last environment %s has role %s, want target", last.Name, last.Role)
			}
			if len(s.Accounts) != tc.accounts {
				t.Errorf("%d accounts, want %d", len(s.Accounts), tc.accounts)
			}
			var shared []string
			for _, e := range s.Environments {
				if e.Account == s.Environments[0].Account {
					shared = append(shared, e.Name)
				}
			}
			if got := strings.Join(shared, ","); got != tc.sharedAccountHolder {
				t.Errorf("first account holds %s, want %s", got, tc.sharedAccountHolder)
			}
			for id, a := range s.Accounts {
				perRegion := map[string]int{}
				for _, lb := range a.LoadBalancers {
					perRegion[lb.Region]++
				}
				for _, r := range s.Environments[0].Regions {
					if perRegion[r] != tc.lbsPerRegion {
						t.Errorf("account %s region %s: %d load balancers, want %d", id, r, perRegion[r], tc.lbsPerRegion)
					}
				}
				records := 0
				for _, z := range a.HostedZones {
					records += len(z.Records)
				}
				if records != tc.recordsPerAccount {
					t.Errorf("account %s: %d records, want %d", id, records, tc.recordsPerAccount)
				}
				if len(a.Distributions) != tc.distsPerAccount {
					t.Errorf("account %s: %d distributions, want %d", id, len(a.Distributions), tc.distsPerAccount)
				}
			}
			checkEntriesResolve(t, s)
		})
	}
}

// checkEntriesResolve: every entry domain has an alias record to a distribution of
// the environment's account that serves it, or the diff engine would walk nothing.
func checkEntriesResolve(t *testing.T, s *awsfake.Scenario) {
	t.Helper()
	for _, e := range s.Environments {
		if len(e.Domains) == 0 {
			t.Errorf("%s has no entry domains", e.Name)
		}
		a := s.Accounts[e.Account]
		for _, d := range e.Domains {
			alias := ""
			for _, z := range a.HostedZones {
				for _, r := range z.Records {
					if r.Name == d+"." && r.AliasTarget != "" {
						alias = r.AliasTarget
					}
				}
			}
			found := false
			for _, dist := range a.Distributions {
				if dist.DomainName+"." == alias || dist.DomainName == alias {
					found = slices.Contains(dist.Aliases, d)
				}
			}
			if !found {
				t.Errorf("%s: entry %s aliases %q, no distribution of account %s serves it", e.Name, d, alias, e.Account)
			}
		}
	}
}

func TestGenerateRefusesOneEnvironment(t *testing.T) {
	if _, err := Generate(GenOptions{Envs: 1}); err == nil || !strings.Contains(err.Error(), "two environments") {
		t.Errorf("got %v, want an error asking for two environments", err)
	}
}

func TestSizesScaled(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want Sizes
	}{
		{1, DefaultSizes()},
		{0.5, Sizes{Certificates: 30, LoadBalancers: 10, Listeners: 3, Rules: 20, TargetGroups: 5, Targets: 3, Distributions: 15, Behaviors: 4, Zones: 10, Records: 2500, Services: 20, Instances: 10}},
		{0.001, Sizes{Certificates: 1, LoadBalancers: 1, Listeners: 3, Rules: 20, TargetGroups: 5, Targets: 3, Distributions: 1, Behaviors: 4, Zones: 1, Records: 5, Services: 1, Instances: 10}},
	} {
		if got := DefaultSizes().Scaled(tc.f); got != tc.want {
			t.Errorf("Scaled(%g) = %+v, want %+v", tc.f, got, tc.want)
		}
	}
}

func ExampleGenerate() {
	s, err := Generate(GenOptions{Scale: 0.1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range s.Environments {
		fmt.Println(e.Name, e.Role, e.Account, e.Domains[0])
	}
	// Output:
	// qa1 passed 111111111111 svc0.qa1.shop.example
	// qa2 passed 111111111111 svc1.qa2.shop.example
	// staging passed 222222222222 svc0.staging.shop.example
	// production target 333333333333 svc0.shop.example
}
