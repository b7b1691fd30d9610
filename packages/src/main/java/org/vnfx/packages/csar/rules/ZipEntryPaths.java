package org.vnfx.packages.csar.rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vnfx.packages.csar.ZipArchive;

/**
 * Every entry's path is a plain relative path that stays inside the package, and names one thing: no {@code ..}
 * or {@code .} segments, no absolute path or drive letter, no backslash, no control character, no empty segment;
 * no path twice, no two paths that differ only in case, no file where another entry needs a folder.
 */
public final class ZipEntryPaths implements Rule {
    public static final String ID = "zip-entry-paths";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, String> folded = new HashMap<>();
        for (ZipArchive.Entry e : ctx.zip().entries()) {
            String name = e.name();
            String problem = problem(name);
            if (problem != null) {
                ctx.archiveError(ID, "entry '" + printable(name) + "' " + problem);
                continue;
            }
            if (seen.merge(name, 1, Integer::sum) > 1) continue;
            String other = folded.putIfAbsent(strip(name).toLowerCase(Locale.ROOT), name);
            if (other != null && !strip(other).equals(strip(name))) {
                ctx.archiveError(ID, "entries '" + other + "' and '" + name + "' differ only in case; they would be one file on a case-insensitive file system");
            }
        }
        seen.forEach((name, n) -> {
            if (n > 1) ctx.archiveError(ID, "entry '" + name + "' appears " + n + " times; each path may appear once");
        });
        for (ZipArchive.Entry e : ctx.zip().entries()) {
            if (!e.isDirectory() && problem(e.name()) == null && ctx.folders().contains(e.name())) {
                String inside = ctx.zip().entries().stream().map(ZipArchive.Entry::name).filter(n -> n.startsWith(e.name() + "/")).findFirst().orElseThrow();
                ctx.archiveError(ID, "entry '" + e.name() + "' is a file, but entry '" + inside + "' needs a folder there");
            }
        }
    }

    /** What is wrong with the path, or null. */
    static String problem(String name) {
        if (name.isEmpty()) return "has an empty name";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) return "has a control character in its name";
        }
        if (name.indexOf('\\') >= 0) return "has a backslash; entry paths are '/'-separated and relative to the package root";
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) return "is an absolute path; entry paths are relative to the package root";
        for (String segment : strip(name).split("/", -1)) {
            if (segment.equals("..")) return "has a '..' segment; entry paths must stay inside the package";
        }
        for (String segment : strip(name).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) return "has an empty or '.' segment; expected a plain relative path such as Files/a.txt";
        }
        return null;
    }

    private static String strip(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static String printable(String name) {
        StringBuilder s = new StringBuilder();
        for (char c : name.toCharArray()) s.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return s.toString();
    }
}
