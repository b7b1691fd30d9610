package org.vnfx.packages.csar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.CsarSigning;
import org.vnfx.packages.Examples;
import org.vnfx.packages.ToscaMeta;

/**
 * Writes the seed corpora of the package fuzz tests into {@code src/test/resources} (Jazzer's
 * {@code <TestClass>Inputs/<method>/} folders, replayed by every {@code mvn verify}): the sol004 fixtures, the
 * echo-vnf exemplar built unsigned and signed both ways (with a test PKI made now), and the descriptors the other
 * tests read. Run it again after a fixture changes; the inputs a fuzzing run found are kept beside them.
 *
 * <pre>java -cp ... org.vnfx.packages.csar.FuzzSeeds packages/src/test/resources</pre>
 */
public final class FuzzSeeds {
    static final List<String> FIXTURES = List.of("vnf", "nsd", "pnf", "keys-any-case", "older-spellings", "vnf-no-tosca-metadata");

    private FuzzSeeds() {}

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]);
        Path archives = inputs(resources, CsarArchiveFuzzTest.class.getName(), "anyArchiveIsVerifiedOrRefusedWithAClearError");
        Path metas = inputs(resources, ToscaMetaFuzzTest.class.getName(), "anyToscaMetaIsReadOrRefusedWithAClearError");
        Path manifests = inputs(resources, ManifestFuzzTest.class.getName(), "anyManifestIsReadOrRefusedWithAClearError");
        Path descriptors = inputs(resources, "org.vnfx.packages.descriptor.DescriptorFuzzTest", "anyDescriptorIsReadOrRefusedWithAClearError");

        for (String fixture : FIXTURES) {
            Map<String, byte[]> files = Fixtures.files(fixture);
            Files.write(archives.resolve("fixture-" + fixture + ".csar"), TestZip.of(files).bytes());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String seed = "fixture-" + fixture + "-" + f.getKey().replace('/', '-');
                if (f.getKey().equals(ToscaMeta.PATH)) Files.write(metas.resolve(seed), f.getValue());
                if (f.getKey().endsWith(".mf")) Files.write(manifests.resolve(seed), f.getValue());
                if (f.getKey().endsWith(".yaml")) Files.write(descriptors.resolve(seed), f.getValue());
            }
        }

        Path echo = Examples.root().resolve("examples/echo-vnf");
        Path work = Files.createTempDirectory("vnfx-fuzz-seeds");
        TestPki.Hierarchy pki = TestPki.hierarchy("fuzz seeds");
        Path unsigned = CsarBuilder.build(List.of(echo), work.resolve("echo.csar")).file();
        Path option1 = CsarBuilder.build(List.of(echo), work.resolve("echo-option1.csar"), CsarSigning.option1(pki.signingKey())).file();
        Path option2 = CsarBuilder.build(List.of(echo), work.resolve("echo-option2.zip"), CsarSigning.option2(pki.signingKey())).file();
        for (Path p : List.of(unsigned, option1, option2)) Files.copy(p, archives.resolve(p.getFileName()));
        Map<String, byte[]> built = Examples.read(option1);
        Files.write(metas.resolve("echo-TOSCA.meta"), built.get(ToscaMeta.PATH));
        Files.write(manifests.resolve("echo-option1.mf"), built.get(CsarBuilder.MANIFEST));
        Files.write(manifests.resolve("echo.mf"), Examples.read(unsigned).get(CsarBuilder.MANIFEST));

        Path samples = resources.resolve("descriptors");
        try (Stream<Path> all = Files.list(samples)) {
            for (Path p : all.toList()) Files.copy(p, descriptors.resolve("sample-" + p.getFileName()));
        }
        for (String example : List.of("echo-vnf", "suricata-ids/package", "suricata-ids-lite/package")) {
            Files.copy(Examples.root().resolve("examples").resolve(example).resolve(CsarBuilder.VNFD),
                    descriptors.resolve("example-" + example.replace("/package", "") + "-vnfd.yaml"));
        }
    }

    /** Jazzer's folder of inputs for one fuzz test, made empty of seeds of an earlier run (findings, named crash-*, stay). */
    static Path inputs(Path resources, String testClass, String method) throws IOException {
        Path dir = Files.createDirectories(resources.resolve(testClass.replace('.', '/') + "Inputs").resolve(method));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> !p.getFileName().toString().startsWith("crash-")).toList()) Files.delete(p);
        }
        return dir;
    }
}
