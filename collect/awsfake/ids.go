package awsfake

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// Ids are derived from a hash of what names the resource, so the same scenario always
// serves the same ARNs: snapshots of two runs compare equal.
func hexID(n int, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])[:n]
}

func base32ID(n int, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:])[:n]
}

// CloudFrontZoneID is the hosted zone id of every CloudFront alias target.
const CloudFrontZoneID = "Z2FDTNDATAQYW2"

// Canonical hosted zone ids of load balancers, as Route53 alias targets name them.
var albZoneIDs = map[string]string{
	"us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2",
	"us-west-1": "Z368ELLRRE2KJ0", "us-west-2": "Z1H1FL5HABSF5",
	"eu-west-1": "Z32O12XQLNTSW2", "eu-west-2": "ZHURV8PSTC4K8",
	"eu-west-3": "Z3Q77PNBQS71R4", "eu-central-1": "Z215JYRZR1TBD5",
	"eu-north-1": "Z23TAZ7KM6HP2Q", "ap-southeast-1": "Z1LMS91P8CMLE5",
	"ap-southeast-2": "Z1GM3OXH4ZPM65", "ap-northeast-1": "Z14GRHDCWA56QT",
}

var nlbZoneIDs = map[string]string{
	"us-east-1": "Z26RNL4JYFTOTI", "us-east-2": "ZLMOA37VPKANP",
	"us-west-1": "Z24FKFUX50B4VW", "us-west-2": "Z18D5FSROUN65G",
	"eu-west-1": "Z2IFOLAFXWLO4F", "eu-central-1": "Z3F0SRJ5LGBH90",
}

func lbZoneID(lbType, region string) string {
	table := albZoneIDs
	if lbType == "network" {
		table = nlbZoneIDs
	}
	if id, ok := table[region]; ok {
		return id
	}
	return "Z" + base32ID(13, "elb", lbType, region)
}
