// Command render renders a Helm chart as `helm template` does, for the tests of a machine without
// the helm binary (or the internet to fetch it). It uses the same engine Helm does: Go's
// text/template with sprig's functions and Helm's own (include, tpl, required, toYaml, fromYaml,
// toJson, lookup), the chart's values.yaml deep-merged with -f files and --set/--set-string
// overrides, and .Release, .Chart, .Capabilities and .Template as Helm fills them for `helm
// template`. It builds offline from Debian's packages (golang-go, golang-github-masterminds-sprig-dev,
// golang-gopkg-yaml.v2-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o render ./deploy/helm/render
//	render CHART_DIR [--release-name NAME] [--namespace NS] [-f values.yaml]... [--set k=v]...
//	       [--set-string k=v]... [--notes]
//
// What it leaves out, because the chart does not use it: subcharts, .Files beyond Get, CRDs, hooks,
// Capabilities.APIVersions beyond Has, and the list forms of --set (`a[0]=x`, `a={x,y}`).
// `lookup` answers an empty map, as it does under `helm template` (there is no cluster to ask).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

// chartMeta is the part of Chart.yaml the templates see as .Chart (Helm capitalises the fields).
type chartMeta struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	AppVersion  string `yaml:"appVersion"`
	Description string `yaml:"description"`
	Type        string `yaml:"type"`
	APIVersion  string `yaml:"apiVersion"`
	KubeVersion string `yaml:"kubeVersion"`
}

// versionSet answers .Capabilities.APIVersions.Has as Helm's default set does for what the chart asks.
type versionSet []string

// Has is true for an API group/version (or group/version/Kind) the default capabilities list.
func (v versionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// chartFiles is .Files: the chart's own files, read by path relative to the chart directory.
type chartFiles struct{ dir string }

// Get returns a file's content, or "" when it cannot be read (as Helm does).
func (f chartFiles) Get(name string) string {
	b, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		return ""
	}
	return string(b)
}

type kubeVersion struct{ Version, Major, Minor, GitVersion string }

type capabilities struct {
	KubeVersion kubeVersion
	APIVersions versionSet
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "Error: "+format+"\n", args...)
	os.Exit(1)
}

// normalise turns what yaml.v2 decodes (map[interface{}]interface{}) into what Helm's values are
// after sigs.k8s.io/yaml: JSON-shaped maps, numbers as float64.
func normalise(v interface{}) (interface{}, error) {
	b, err := json.Marshal(stringKeys(v))
	if err != nil {
		return nil, err
	}
	var out interface{}
	err = json.Unmarshal(b, &out)
	return out, err
}

func stringKeys(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = stringKeys(x)
		}
		return m
	case []interface{}:
		for i, x := range t {
			t[i] = stringKeys(x)
		}
	}
	return v
}

func readYamlMap(path string) map[string]interface{} {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var raw interface{}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		fail("%s: %v", path, err)
	}
	v, err := normalise(raw)
	if err != nil {
		fail("%s: %v", path, err)
	}
	if v == nil {
		return map[string]interface{}{}
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		fail("%s: values must be a map", path)
	}
	return m
}

// merge deep-merges src into dst as Helm coalesces values: maps merge, anything else replaces,
// and a null in src removes the key.
func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sm, sIsMap := v.(map[string]interface{})
		dm, dIsMap := dst[k].(map[string]interface{})
		if sIsMap && dIsMap {
			merge(dm, sm)
		} else {
			dst[k] = v
		}
	}
}

// setValue applies one --set (typed as Helm's strvals types them) or --set-string.
func setValue(values map[string]interface{}, assignment string, asString bool) {
	eq := strings.Index(assignment, "=")
	if eq <= 0 {
		fail("--set %q: expected KEY=VALUE", assignment)
	}
	path := strings.Split(assignment[:eq], ".")
	raw := assignment[eq+1:]
	var value interface{} = raw
	if !asString {
		switch {
		case raw == "true":
			value = true
		case raw == "false":
			value = false
		case raw == "null":
			value = nil
		default:
			// As strvals: a whole number is an int64, unless it has a leading zero (then a string).
			if n, err := strconv.ParseInt(raw, 10, 64); err == nil && (raw == "0" || !strings.HasPrefix(raw, "0")) {
				value = n
			}
		}
	}
	m := values
	for _, key := range path[:len(path)-1] {
		next, ok := m[key].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			m[key] = next
		}
		m = next
	}
	if value == nil {
		delete(m, path[len(path)-1])
	} else {
		m[path[len(path)-1]] = value
	}
}

// toYaml is Helm's: sigs.k8s.io/yaml, which writes JSON first (keys sorted, JSON field names) and
// turns that into YAML.
func toYaml(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var x interface{}
	if err := yaml.Unmarshal(b, &x); err != nil {
		return ""
	}
	out, err := yaml.Marshal(x)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(out), "\n")
}

func fromYaml(s string) map[string]interface{} {
	var raw interface{}
	if err := yaml.Unmarshal([]byte(s), &raw); err != nil {
		return map[string]interface{}{"Error": err.Error()}
	}
	v, err := normalise(raw)
	if m, ok := v.(map[string]interface{}); ok && err == nil {
		return m
	}
	return map[string]interface{}{}
}

func toJson(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// helmError words a template error as Helm does: `execution error at (FILE:LINE:COL): MESSAGE`
// for what `required` and `fail` report, the Go error otherwise.
func helmError(err error) string {
	m := regexp.MustCompile(`^template: (\S+?:\d+:\d+): executing .* error calling (?:required|fail): (.*)$`).FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	return fmt.Sprintf("execution error at (%s): %s", m[1], m[2])
}

func main() {
	args := os.Args[1:]
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fail("usage: render CHART_DIR [--release-name NAME] [--namespace NS] [-f FILE]... [--set K=V]... [--set-string K=V]... [--notes]")
	}
	chartDir := args[0]
	release, namespace, notes := "release-name", "default", false
	type override struct {
		kind, arg string
	}
	var overrides []override
	for i := 1; i < len(args); i++ {
		flag := args[i]
		if flag == "--notes" {
			notes = true
			continue
		}
		if i+1 >= len(args) {
			fail("%s needs a value", flag)
		}
		i++
		switch flag {
		case "--release-name":
			release = args[i]
		case "--namespace", "-n":
			namespace = args[i]
		case "-f", "--values", "--set", "--set-string":
			overrides = append(overrides, override{flag, args[i]})
		default:
			fail("unknown flag %s", flag)
		}
	}

	var chart chartMeta
	chartYaml, err := os.ReadFile(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		fail("%v", err)
	}
	if err := yaml.Unmarshal(chartYaml, &chart); err != nil {
		fail("Chart.yaml: %v", err)
	}
	values := readYamlMap(filepath.Join(chartDir, "values.yaml"))
	for _, o := range overrides {
		switch o.kind {
		case "-f", "--values":
			merge(values, readYamlMap(o.arg))
		case "--set":
			setValue(values, o.arg, false)
		case "--set-string":
			setValue(values, o.arg, true)
		}
	}

	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil {
		fail("%v", err)
	}
	sort.Strings(files)
	root := template.New("root").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	// Helm removes these two: a chart must not read the environment of whoever renders it.
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYaml
	funcs["fromYaml"] = fromYaml
	funcs["toJson"] = toJson
	funcs["required"] = func(message string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, fmt.Errorf("%s", message)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, fmt.Errorf("%s", message)
		}
		return v, nil
	}
	funcs["fail"] = func(message string) (string, error) { return "", fmt.Errorf("%s", message) }
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	root.Funcs(funcs)

	type source struct{ name, path string }
	var rendered []source
	for _, path := range files {
		base := filepath.Base(path)
		if info, err := os.Stat(path); err != nil || info.IsDir() {
			continue
		}
		text, err := os.ReadFile(path)
		if err != nil {
			fail("%v", err)
		}
		name := chart.Name + "/templates/" + base
		if _, err := root.New(name).Parse(string(text)); err != nil {
			fail("parse error in %v", err)
		}
		isNotes := base == "NOTES.txt"
		if strings.HasPrefix(base, "_") || isNotes != notes {
			continue
		}
		if !isNotes && !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".yml") && !strings.HasSuffix(base, ".tpl") {
			continue
		}
		rendered = append(rendered, source{name, path})
	}

	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": release, "Namespace": namespace, "Service": "Helm",
			"IsInstall": true, "IsUpgrade": false, "Revision": 1,
		},
		"Chart": chart,
		"Files": chartFiles{chartDir},
		"Capabilities": capabilities{
			KubeVersion: kubeVersion{Version: "v1.30.0", Major: "1", Minor: "30", GitVersion: "v1.30.0"},
			APIVersions: versionSet{"v1", "apps/v1", "policy/v1", "networking.k8s.io/v1"},
		},
	}
	var out strings.Builder
	for _, s := range rendered {
		top["Template"] = map[string]interface{}{"Name": s.name, "BasePath": chart.Name + "/templates"}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, s.name, top); err != nil {
			fail("%s", helmError(err))
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if notes {
			out.WriteString(text)
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", s.name, strings.Trim(text, "\n"))
	}
	fmt.Print(out.String())
}
