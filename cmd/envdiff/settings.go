package main

import (
	"os"

	"github.com/envdiff/envdiff/diff"
)

// analysisOptions turns the source's settings into the diff engine's options.
func (s *collectSettings) analysisOptions() diff.Options {
	return diff.Options{CertWarning: s.CertWarning, Ignore: s.Ignore}
}

// optionalConfig reads the configuration for commands that work without one (diff over
// saved snapshots): the named file must load; the default file is used only if present.
func (g *globalOptions) optionalConfig() (*config, error) {
	if g.configFile != "" {
		return loadSettingsConfig(g.configFile, true)
	}
	cfg, err := loadSettingsConfig(defaultConfigFile, false)
	if err != nil {
		if _, statErr := os.Stat(defaultConfigFile); statErr != nil {
			return nil, nil
		}
		return nil, err
	}
	return cfg, nil
}
