//go:build race

package main

// raceSlowdown stretches timing bounds under the race detector, which makes every
// call several times slower: a bound that holds on a loaded machine without it fails
// with it.
const raceSlowdown = 6
