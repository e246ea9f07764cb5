package collect_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sdkServicePrefix is where the AWS SDK's service clients live; a method of one of
// their clients is an AWS API call.
const sdkServicePrefix = "github.com/aws/aws-sdk-go-v2/service/"

// readOnlyPrefixes are the only API operations envdiff may call (DESIGN.md).
var readOnlyPrefixes = []string{"List", "Describe", "Get"}

// typeChecked is a package's syntax with full type information.
type typeChecked struct {
	fset  *token.FileSet
	files []*ast.File
	info  *types.Info
}

// exportData maps import paths to the compiler's export data, as `go list -export`
// builds it (the build cache makes this fast): the same information go/packages
// would load, with the standard library only.
func exportData(t *testing.T, pkg string) (map[string]string, map[string]goListPackage) {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export,Dir,GoFiles", pkg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export %s: %v\n%s", pkg, err, stderr.String())
	}
	exports := map[string]string{}
	pkgs := map[string]goListPackage{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goListPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		exports[p.ImportPath] = p.Export
		pkgs[p.ImportPath] = p
	}
	return exports, pkgs
}

type goListPackage struct {
	ImportPath, Export, Dir string
	GoFiles                 []string
}

// typeCheck parses and type-checks files (name → source) as package path, importing
// dependencies from their export data.
func typeCheck(t *testing.T, path string, files map[string][]byte, exports map[string]string) *typeChecked {
	t.Helper()
	tc := &typeChecked{fset: token.NewFileSet(), info: &types.Info{
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Uses:       map[*ast.Ident]types.Object{},
	}}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f, err := parser.ParseFile(tc.fset, name, files[name], parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		tc.files = append(tc.files, f)
	}
	imp := importer.ForCompiler(tc.fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(path, tc.fset, tc.files, tc.info); err != nil {
		t.Fatalf("type-check %s: %v", path, err)
	}
	return tc
}

// writeCalls lists every AWS operation the package can reach that is not a read: a
// method of an SDK service client, or of any interface or type whose method takes an
// SDK operation's input (how collectors abstract the clients), or a paginator
// constructor. Method values count as calls: passing c.DeleteX along calls it later.
func writeCalls(tc *typeChecked) (bad []string, ops map[string]bool) {
	ops = map[string]bool{}
	report := func(pos token.Pos, what string) {
		bad = append(bad, fmt.Sprintf("%s: %s", tc.fset.Position(pos), what))
	}
	for sel, s := range tc.info.Selections {
		if s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr {
			continue
		}
		fn, ok := s.Obj().(*types.Func)
		if !ok || !isAWSOperation(fn) {
			continue
		}
		ops[serviceOf(fn)+":"+fn.Name()] = true
		if !readOnly(fn.Name()) {
			report(sel.Sel.Pos(), "calls AWS operation "+fn.Name())
		}
	}
	for id, obj := range tc.info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), sdkServicePrefix) {
			continue
		}
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
			continue // methods are the selections above
		}
		op, ok := strings.CutPrefix(fn.Name(), "New")
		if !ok || !strings.HasSuffix(op, "Paginator") {
			continue
		}
		ops[serviceOf(fn)+":"+strings.TrimSuffix(op, "Paginator")] = true
		if !readOnly(op) {
			report(id.Pos(), "pages through AWS operation "+strings.TrimSuffix(op, "Paginator"))
		}
	}
	slices.Sort(bad)
	return bad, ops
}

// serviceOf names an operation's service as IAM actions and the endpoint's call record
// do (elbv2 for elasticloadbalancingv2): by the package of the client or of the input.
func serviceOf(fn *types.Func) string {
	path := fn.Pkg().Path()
	sig := fn.Type().(*types.Signature)
	if !strings.HasPrefix(path, sdkServicePrefix) {
		for i := range sig.Params().Len() {
			if t := sig.Params().At(i).Type(); fromService(t) {
				path = namedPkg(t)
			}
		}
	}
	name := strings.TrimPrefix(path, sdkServicePrefix)
	if name == "elasticloadbalancingv2" {
		return "elbv2"
	}
	return name
}

func namedPkg(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.(*types.Named).Obj().Pkg().Path()
}

// isAWSOperation reports a method that sends an AWS request: one of a service client,
// or one taking a service operation's *XxxInput.
func isAWSOperation(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil && fromService(recv.Type()) {
		// A paginator's methods page through the operation its constructor names,
		// which writeCalls checks.
		return typeName(recv.Type()) == "Client"
	}
	for i := range sig.Params().Len() {
		if fromService(sig.Params().At(i).Type()) && strings.HasSuffix(typeName(sig.Params().At(i).Type()), "Input") {
			return true
		}
	}
	return false
}

func fromService(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && strings.HasPrefix(n.Obj().Pkg().Path(), sdkServicePrefix) &&
		!strings.Contains(strings.TrimPrefix(n.Obj().Pkg().Path(), sdkServicePrefix), "/")
}

func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func readOnly(op string) bool {
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// TestCollectIsReadOnlyByConstruction type-checks the collect package's source and
// fails on any AWS operation it could call that is not List*, Describe* or Get*. The
// endpoint's call record (TestOnlyReadsAndOwnCredentials) shows what one run called;
// this shows what any run can call.
func TestCollectIsReadOnlyByConstruction(t *testing.T) {
	exports, pkgs := exportData(t, "github.com/envdiff/envdiff/collect")
	self := pkgs["github.com/envdiff/envdiff/collect"]
	files := map[string][]byte{}
	for _, name := range self.GoFiles {
		data, err := os.ReadFile(filepath.Join(self.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	bad, ops := writeCalls(typeCheck(t, self.ImportPath, files, exports))
	for _, b := range bad {
		t.Errorf("collect is read-only: %s", b)
	}
	// The README's IAM policy allows exactly what the source can call: the endpoint's
	// record (TestOnlyReadsAndOwnCredentials) misses calls seed-502 does not need.
	policy := readmePolicyActions(t)
	for op := range ops {
		if !policy[op] {
			t.Errorf("collect can call %s, which the README's IAM policy does not allow", op)
		}
	}
	for op := range policy {
		if !ops[op] {
			t.Errorf("the README's IAM policy allows %s, which collect never calls", op)
		}
	}
	t.Logf("collect can call %d AWS operations, all reads, all in the README's policy", len(ops))

	// The same check on a collector that writes must object, through an interface as
	// the collectors hold their clients, through a method value, and through a paginator.
	writer := []byte(`package w

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/acm"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

type acmAPI interface {
	DeleteCertificate(context.Context, *acm.DeleteCertificateInput, ...func(*acm.Options)) (*acm.DeleteCertificateOutput, error)
	acm.ListCertificatesAPIClient
}

func collect(ctx context.Context, c acmAPI, e *elb.Client) {
	_, _ = c.DeleteCertificate(ctx, &acm.DeleteCertificateInput{})
	del := e.DeleteListener
	_ = del
	_ = acm.NewListCertificatesPaginator(c, nil)
}
`)
	got, _ := writeCalls(typeCheck(t, "w", map[string][]byte{"w.go": writer}, exports))
	want := []string{"calls AWS operation DeleteCertificate", "calls AWS operation DeleteListener"}
	if len(got) != len(want) {
		t.Fatalf("on a writing collector the check found %q, want %q", got, want)
	}
	for i := range want {
		if !strings.HasSuffix(got[i], want[i]) {
			t.Errorf("finding %d = %q, want %q", i, got[i], want[i])
		}
	}
}
