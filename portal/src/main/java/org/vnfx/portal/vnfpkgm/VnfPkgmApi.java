package org.vnfx.portal.vnfpkgm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.portal.auth.OAuth;
import org.vnfx.portal.auth.Tokens;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.http.Problem;
import org.vnfx.portal.sol013.AttributeSelector;
import org.vnfx.portal.sol013.FilterExpression;

/**
 * The VNF package management interface of ETSI GS NFV-SOL 005 (clause 9), under {@code /vnfpkgm/v1},
 * with the SOL013 conventions: bearer tokens, ProblemDetails, filters, attribute selectors, paging
 * with a Link header, 201 + Location, 405 with Allow. Reading needs any role; changing needs
 * {@link #WRITERS}.
 */
public final class VnfPkgmApi {
    private static final Logger LOG = LoggerFactory.getLogger(VnfPkgmApi.class);
    public static final String ROOT = "/vnfpkgm/v1";
    public static final String API_VERSION = "2.8.1";
    public static final Set<String> WRITERS = Set.of("provider", "operator");
    public static final int PAGE_SIZE = 100;
    static final int MAX_JSON_BYTES = 1 << 20;
    static final long MAX_DRAIN_BYTES = 256L << 20;
    private static final Pattern ITEM = Pattern.compile("^" + ROOT + "/vnf_packages/([^/]+)(/.*)?$");

    private final VnfPackages packages;
    private final OAuth oauth;
    private final long maxPackageBytes;

    public VnfPkgmApi(VnfPackages packages, OAuth oauth, long maxPackageBytes) {
        this.packages = packages;
        this.oauth = oauth;
        this.maxPackageBytes = maxPackageBytes;
    }

    /** The handler for the {@code /vnfpkgm/v1} context. */
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (Exception e) {
            Problem p;
            if (e instanceof Problem q) {
                p = q;
            } else if (e instanceof VnfPackages.NotFound) {
                p = Problem.notFound(e.getMessage());
            } else if (e instanceof VnfPackages.StateConflict) {
                p = Problem.conflict(e.getMessage());
            } else if (e instanceof IllegalArgumentException) {
                p = Problem.badRequest(e.getMessage());
            } else {
                LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                p = new Problem(500, "Internal Server Error", e.toString());
            }
            drain(ex);
            p.send(ex);
        } finally {
            ex.close();
        }
    }

    /**
     * Reads what is left of a refused request's body, so the client (still sending a package, perhaps)
     * reads the answer instead of a reset connection; beyond {@link #MAX_DRAIN_BYTES} the connection is closed.
     */
    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_DRAIN_BYTES) {
                    ex.getResponseHeaders().set("Connection", "close");
                    return;
                }
            }
        } catch (IOException e) {
            ex.getResponseHeaders().set("Connection", "close");
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        Tokens.Principal who = oauth.authenticate(ex);
        if (path.equals(ROOT + "/api_versions")) {
            only(method, "GET");
            ObjectNode v = Http.JSON.createObjectNode().put("uriPrefix", ROOT);
            v.putArray("apiVersions").addObject().put("version", API_VERSION);
            Http.json(ex, 200, v);
            return;
        }
        if (path.equals(ROOT + "/vnf_packages")) {
            switch (method) {
                case "GET" -> list(ex);
                case "POST" -> create(ex, who);
                default -> throw Problem.methodNotAllowed(method, "GET, POST");
            }
            return;
        }
        Matcher m = ITEM.matcher(path);
        if (!m.matches()) throw Problem.notFound("no resource " + path + " in the VNF package management API");
        String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String sub = m.group(2) == null ? "" : m.group(2);
        if (sub.isEmpty()) {
            switch (method) {
                case "GET" -> Http.json(ex, 200, select(ex, VnfPkgInfoJson.of(packages.get(id).orElseThrow(() -> new VnfPackages.NotFound(id)), ROOT)));
                case "PATCH" -> patch(ex, id, who);
                case "DELETE" -> {
                    OAuth.require(who, WRITERS, "deleting a VNF package");
                    packages.delete(id, who);
                    Http.send(ex, 204, null, new byte[0]);
                }
                default -> throw Problem.methodNotAllowed(method, "GET, PATCH, DELETE");
            }
        } else if (sub.equals("/package_content")) {
            switch (method) {
                case "GET" -> download(ex, packages.content(id));
                case "PUT" -> upload(ex, id, who);
                default -> throw Problem.methodNotAllowed(method, "GET, PUT");
            }
        } else if (sub.equals("/vnfd")) {
            only(method, "GET");
            vnfd(ex, id);
        } else if (sub.equals("/manifest")) {
            only(method, "GET");
            VnfPackage p = onboarded(id);
            String manifest = p.content().manifest();
            Http.send(ex, 200, "text/plain", packages.file(id, manifest).orElseThrow(() -> Problem.notFound("the package has no manifest " + manifest)));
        } else if (sub.startsWith("/artifacts/")) {
            only(method, "GET");
            String artifact = URLDecoder.decode(sub.substring("/artifacts/".length()), StandardCharsets.UTF_8);
            VnfPackage p = onboarded(id);
            boolean listed = p.content().artifacts().stream().anyMatch(a -> a.artifactPath().equals(artifact));
            if (!listed) throw Problem.notFound("package " + id + " has no artifact " + artifact);
            Http.send(ex, 200, "application/octet-stream", packages.file(id, artifact).orElseThrow(() -> Problem.notFound(artifact)));
        } else {
            throw Problem.notFound("no resource " + path + " in the VNF package management API");
        }
    }

    private static void only(String method, String allowed) throws Problem {
        if (!method.equals(allowed)) throw Problem.methodNotAllowed(method, allowed);
    }

    private VnfPackage onboarded(String id) throws IOException, VnfPackages.StateConflict {
        VnfPackage p = packages.get(id).orElseThrow(() -> new VnfPackages.NotFound(id));
        if (p.onboardingState() != VnfPackage.OnboardingState.ONBOARDED) {
            throw new VnfPackages.StateConflict("package " + id + " is " + p.onboardingState() + ", not ONBOARDED");
        }
        return p;
    }

    private void list(HttpExchange ex) throws Exception {
        Map<String, String> q = Http.query(ex);
        FilterExpression filter = FilterExpression.parse(q.get("filter"), VnfPkgInfoJson.ATTRIBUTES);
        AttributeSelector selector = AttributeSelector.of(q, VnfPkgInfoJson.ATTRIBUTES);
        int offset = 0;
        String marker = q.get("nextpage_opaque_marker");
        if (marker != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("nextpage_opaque_marker '" + marker + "' is not one this API gave out");
            }
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (VnfPackage p : packages.list()) {
            ObjectNode full = VnfPkgInfoJson.of(p, ROOT);
            if (filter.matches(full)) matching.add(full);
        }
        ArrayNode page = Http.JSON.createArrayNode();
        for (int i = offset; i < Math.min(matching.size(), offset + PAGE_SIZE); i++) page.add(selector.apply(matching.get(i), VnfPkgInfoJson.EXCLUDED_BY_DEFAULT));
        if (offset + PAGE_SIZE < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("nextpage_opaque_marker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(offset + PAGE_SIZE).getBytes(StandardCharsets.US_ASCII)));
            StringBuilder link = new StringBuilder(ROOT + "/vnf_packages?");
            next.forEach((k, v) -> link.append(link.charAt(link.length() - 1) == '?' ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append(v.isEmpty() && !k.equals("filter") ? "" : "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            ex.getResponseHeaders().set("Link", "<" + link + ">; rel=\"next\"");
        }
        Http.json(ex, 200, page);
    }

    private ObjectNode select(HttpExchange ex, ObjectNode info) {
        return AttributeSelector.of(Http.query(ex), VnfPkgInfoJson.ATTRIBUTES).apply(info, VnfPkgInfoJson.EXCLUDED_BY_DEFAULT);
    }

    private void create(HttpExchange ex, Tokens.Principal who) throws Exception {
        OAuth.require(who, WRITERS, "creating a VNF package");
        JsonNode body = jsonBody(ex, "application/json");
        if (!body.isObject()) throw Problem.badRequest("the body must be a CreateVnfPkgInfoRequest object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("userDefinedData")) throw Problem.badRequest("CreateVnfPkgInfoRequest has no attribute '" + f + "'");
        }
        JsonNode data = body.path("userDefinedData");
        if (!data.isMissingNode() && !data.isObject()) throw Problem.badRequest("userDefinedData must be an object");
        Map<String, Object> user = data.isMissingNode() ? Map.of() : Http.JSON.convertValue(data, new TypeReference<Map<String, Object>>() {});
        VnfPackage p = packages.create(user, who);
        ex.getResponseHeaders().set("Location", ROOT + "/vnf_packages/" + p.id());
        Http.json(ex, 201, VnfPkgInfoJson.of(p, ROOT));
    }

    private void patch(HttpExchange ex, String id, Tokens.Principal who) throws Exception {
        OAuth.require(who, WRITERS, "modifying a VNF package");
        JsonNode body = jsonBody(ex, "application/merge-patch+json");
        if (!body.isObject()) throw Problem.badRequest("the body must be a VnfPkgInfoModifications object");
        ObjectNode changed = Http.JSON.createObjectNode();
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("operationalState") && !f.equals("userDefinedData")) throw Problem.badRequest("VnfPkgInfoModifications has no attribute '" + f + "'");
        }
        if (body.has("operationalState")) {
            VnfPackage.OperationalState state;
            try {
                state = VnfPackage.OperationalState.valueOf(body.get("operationalState").asText());
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("operationalState must be ENABLED or DISABLED, found " + body.get("operationalState"));
            }
            packages.setOperationalState(id, state, who);
            changed.put("operationalState", state.name());
        }
        if (body.has("userDefinedData")) {
            if (!body.get("userDefinedData").isObject()) throw Problem.badRequest("userDefinedData must be an object");
            Map<String, Object> data = new LinkedHashMap<>();
            body.get("userDefinedData").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().isNull() ? null : Http.JSON.convertValue(e.getValue(), Object.class)));
            packages.mergeUserDefinedData(id, data, who);
            changed.set("userDefinedData", body.get("userDefinedData"));
        }
        if (changed.isEmpty()) throw Problem.badRequest("nothing to modify: give operationalState and/or userDefinedData");
        Http.json(ex, 200, changed);
    }

    private JsonNode jsonBody(HttpExchange ex, String type) throws Exception {
        String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!ct.toLowerCase().startsWith(type)) throw new Problem(415, "Unsupported Media Type", "the body must be " + type + ", not '" + ct + "'");
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_JSON_BYTES + 1);
        }
        if (bytes.length > MAX_JSON_BYTES) throw new Problem(413, "Payload Too Large", "a JSON body may hold at most " + MAX_JSON_BYTES + " bytes");
        try {
            return Http.JSON.readTree(bytes);
        } catch (IOException e) {
            throw Problem.badRequest("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void upload(HttpExchange ex, String id, Tokens.Principal who) throws Exception {
        OAuth.require(who, WRITERS, "uploading VNF package content");
        String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!ct.startsWith("application/zip") && !ct.startsWith("application/octet-stream")) {
            throw new Problem(415, "Unsupported Media Type", "package content must be application/zip, not '" + ct + "'");
        }
        // Not closed here: a refused upload's body is drained by handle() so the client reads the answer.
        packages.upload(id, ex.getRequestBody(), maxPackageBytes, who);
        Http.send(ex, 202, null, new byte[0]);
    }

    /** The package file, whole or one byte range (RFC 9110 single ranges, as SOL005 allows for large packages). */
    private static void download(HttpExchange ex, Path file) throws IOException {
        long size = Files.size(file);
        String range = ex.getRequestHeaders().getFirst("Range");
        long from = 0, to = size - 1;
        int status = 200;
        if (range != null) {
            Matcher r = Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range.trim());
            if (!r.matches() || (r.group(1).isEmpty() && r.group(2).isEmpty())) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                Http.send(ex, 416, null, new byte[0]);
                return;
            }
            if (r.group(1).isEmpty()) {
                from = Math.max(0, size - Long.parseLong(r.group(2)));
            } else {
                from = Long.parseLong(r.group(1));
                if (!r.group(2).isEmpty()) to = Math.min(to, Long.parseLong(r.group(2)));
            }
            if (from > to || from >= size) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                Http.send(ex, 416, null, new byte[0]);
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        ex.getResponseHeaders().set("Content-Type", "application/zip");
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        long length = to - from + 1;
        ex.sendResponseHeaders(status, length);
        try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
            in.skipNBytes(from);
            byte[] buf = new byte[1 << 16];
            for (long left = length; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** The VNFD: the one YAML as text/plain, or all descriptor files zipped (SOL005 clause 9.4.4.3.2). */
    private void vnfd(HttpExchange ex, String id) throws Exception {
        VnfPackage p = onboarded(id);
        List<String> files = p.content().vnfdFiles();
        String accept = Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("*/*");
        boolean text = accept.contains("text/plain");
        boolean zip = accept.contains("application/zip");
        if (!text && !zip && !accept.contains("*/*")) throw new Problem(406, "Not Acceptable", "the VNFD is offered as text/plain or application/zip");
        if (text && !zip && files.size() > 1) {
            throw new Problem(406, "Not Acceptable", "the VNFD has " + files.size() + " files; ask for application/zip");
        }
        if ((text || !zip) && files.size() == 1) {
            Http.send(ex, 200, "text/plain", packages.file(id, files.get(0)).orElseThrow(() -> Problem.notFound(files.get(0))));
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String f : files) {
                out.putNextEntry(new ZipEntry(f));
                out.write(packages.file(id, f).orElseThrow(() -> Problem.notFound(f)));
                out.closeEntry();
            }
        }
        Http.send(ex, 200, "application/zip", bytes.toByteArray());
    }

    /** The URI of a created resource, for clients that resolve Location against the server. */
    public static URI location(URI base, String id) {
        return base.resolve(ROOT + "/vnf_packages/" + id);
    }
}
