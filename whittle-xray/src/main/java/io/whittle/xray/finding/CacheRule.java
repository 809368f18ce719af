package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.scan.LayerEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Package-manager caches and scratch files left in the image, with the bytes they take. */
final class CacheRule implements TreeRule {
    private static final String HOME = "(?:root|home/[^/]+)";

    /** A kind of cache: its pattern's first group is the cache directory a file belongs to. */
    private record Cache(Pattern pattern, String what, String advice) {
    }

    private static final List<Cache> CACHES = List.of(
            cache("(var/lib/apt/lists)/(?!lock$|partial/|auxfiles/).+", "apt package lists",
                    "remove them in the RUN that installs packages (rm -rf /var/lib/apt/lists/*)"),
            cache("(var/cache/apt)/.+\\.(?:deb|bin)", "apt archives and package caches",
                    "run apt-get clean in the RUN that installs packages"),
            cache("(" + HOME + "/\\.cache/pip)/.+", "pip's download cache",
                    "install with pip install --no-cache-dir or use a cache mount"),
            cache("(" + HOME + "/\\.npm/_cacache)/.+", "npm's cache",
                    "run npm cache clean --force in the same RUN or use a cache mount"),
            cache("(var/cache/apk)/.+", "apk's package cache", "install with apk add --no-cache"),
            cache("(usr/local/share/\\.cache)/.+", "yarn's cache", "run yarn cache clean in the same RUN"),
            cache("(" + HOME + "/\\.cache/yarn)/.+", "yarn's cache", "run yarn cache clean in the same RUN"),
            cache("(" + HOME + "/\\.cache/go-build)/.+", "Go's build cache",
                    "build in a separate stage or use a cache mount"),
            cache("(var/cache/(?:yum|dnf))/.+", "yum/dnf metadata and packages",
                    "run yum clean all (or dnf clean all) in the same RUN"),
            cache("((?:var/)?tmp)/.+", "temporary files", "delete them in the step that creates them"));

    private final Map<String, long[]> found = new LinkedHashMap<>();
    private final Map<String, Cache> kinds = new LinkedHashMap<>();

    private static Cache cache(String regex, String what, String advice) {
        return new Cache(Pattern.compile(regex), what, advice);
    }

    @Override
    public void visit(MergedFile file) {
        if (file.kind() != LayerEntry.Kind.FILE || file.size() == 0) {
            return;
        }
        String p = file.path();
        if (!(p.startsWith("var/") || p.startsWith("root/") || p.startsWith("home/") || p.startsWith("tmp/")
                || p.startsWith("usr/local/share/.cache/"))) {
            return;
        }
        for (Cache cache : CACHES) {
            Matcher m = cache.pattern().matcher(p);
            if (m.matches()) {
                long[] totals = found.computeIfAbsent(m.group(1), k -> new long[2]);
                totals[0]++;
                totals[1] += file.size();
                kinds.putIfAbsent(m.group(1), cache);
                return;
            }
        }
    }

    @Override
    public void finish(List<Finding> out) {
        for (Map.Entry<String, long[]> e : found.entrySet()) {
            Cache cache = kinds.get(e.getKey());
            long files = e.getValue()[0];
            String at = Secrets.absolute(e.getKey());
            out.add(new Finding("cache", Severity.LOW, at, at + " holds " + files + (files == 1 ? " file" : " files")
                    + " (" + Sizes.human(e.getValue()[1]) + ") of " + cache.what() + " left behind: "
                    + cache.advice() + "."));
        }
    }
}
