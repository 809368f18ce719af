package io.whittle.cli.xray;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.OutputFormat;
import io.whittle.cli.UsageException;
import io.whittle.cli.Whittle;
import io.whittle.cli.XdgBase;
import io.whittle.cli.remote.RemoteXray;
import io.whittle.cli.remote.ServerApi;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.Platform;
import io.whittle.oci.image.ImageOrIndex;
import io.whittle.oci.image.Images;
import io.whittle.oci.layout.LayoutReference;
import io.whittle.registry.Version;
import io.whittle.xray.Xray;
import io.whittle.xray.XrayOptions;
import io.whittle.xray.report.CiRules;
import io.whittle.xray.report.CiVerdict;
import io.whittle.xray.report.ReportHtml;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.ReportText;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.sbom.Sboms;
import io.whittle.xray.scan.DirectoryLayerCache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle xray REF}: streams an image's layers once and reports its files, waste, packages, findings and
 * Dockerfile as text, JSON or HTML, or prints its SBOM; with {@code --ci}, checks dive's rules and Whittle's and
 * exits 3 when one fails.
 */
@Command(name = "xray", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Analyse an image: sizes, layers, waste (dive's figures and what squashing would save),"
                + " packages, findings and its Dockerfile.",
                "Layers are read once, several at a time, and their analysis is cached by digest under"
                        + " $XDG_CACHE_HOME/whittle/xray-layers (else ~/.cache/whittle/xray-layers).",
                "-o picks text, json (docs/xray-json.md) or html (one self-contained page).",
                "--ci checks dive's rules (dive's defaults, or a .dive-ci file: the one in the working directory"
                        + " unless --ci-config names another) and Whittle's, and exits 3 when one fails.",
                "Signed in to a server (whittle login), registry images are X-rayed there, through its connectors,"
                        + " and the report is kept there too; oci: layouts are X-rayed here."})
public final class XrayCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    @Parameters(paramLabel = "REF", description = "A registry reference (host/repo:tag, host/repo@sha256:…) or"
            + " oci:DIR[:TAG].")
    String ref;

    @Option(names = "--connector", paramLabel = "ID", description = "Use this connector's credentials (it must be"
            + " for the reference's registry host).")
    String connector;

    @Option(names = "--sbom", paramLabel = "cyclonedx|spdx", description = "Print the image's SBOM (CycloneDX 1.6"
            + " or SPDX 2.3 JSON) instead of the report.")
    String sbom;

    @Option(names = "--ci", description = "Check the CI rules after the report; exit 3 when one fails.")
    boolean ci;

    @Option(names = "--ci-config", paramLabel = "FILE", description = "CI rules in dive's .dive-ci YAML format,"
            + " with Whittle's rules beside (implies --ci).")
    String ciConfig;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write the report (or SBOM) to FILE"
            + " instead of standard output.")
    String outputFile;

    public XrayCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Io io = whittle.io();
        Optional<Sboms.Format> sbomFormat = sbomFormat();
        Optional<CiRules> rules = rules();
        Optional<Path> file = outputPath();
        Optional<Platform> platform = whittle.platformOption();

        XrayReport report;
        Optional<ServerApi> server = LayoutReference.isLayoutReference(ref) ? Optional.empty() : whittle.server();
        if (server.isPresent()) {
            // Registry images are X-rayed by the server (oci: layouts are files here and stay local); the report
            // it makes is rendered and checked below exactly as a local one.
            report = new RemoteXray(server.get(), io).run(ref, Optional.ofNullable(connector), platform);
        } else {
            report = analyze(io, platform);
        }

        OutputFormat format = whittle.output();
        boolean textOnStdout = file.isEmpty() && sbomFormat.isEmpty() && format == OutputFormat.TEXT;
        boolean stdoutFree = file.isPresent();
        if (file.isPresent()) {
            write(file.get(), out -> render(report, sbomFormat, format, out));
            io.err().println("Wrote " + (sbomFormat.isPresent() ? sbomFormat.get().name().toLowerCase(Locale.ROOT)
                    + " SBOM" : "report") + " to " + file.get());
        } else {
            io.out().flush();
            render(report, sbomFormat, format, io.stdout());
        }
        if (rules.isEmpty()) {
            return ExitCode.OK;
        }
        CiVerdict verdict = rules.get().evaluate(report);
        // The rules go after a text report, or alone when the report went to a file; beside JSON, HTML or an SBOM
        // on standard output they would spoil it, so they go to standard error then.
        PrintWriter to = textOnStdout || stdoutFree ? io.out() : io.err();
        if (textOnStdout) {
            to.println();
        }
        verdict.print(to);
        return verdict.passed() ? ExitCode.OK : ExitCode.POLICY;
    }

    private XrayReport analyze(Io io, Optional<Platform> platform) throws IOException {
        Whittle.Source source = whittle.openSource(ref, Optional.ofNullable(connector));
        ImageOrIndex named = Images.open(source.source(), source.tagOrDigest());
        Optional<Digest> index = named instanceof ImageOrIndex.OfIndex ? Optional.of(named.digest()) : Optional.empty();
        Image image = named.image(platform.orElseGet(Platform::host));

        XrayOptions options = XrayOptions.defaults()
                .withCache(new DirectoryLayerCache(cacheDirectory(io)))
                .withVersion(Version.current());
        // A corrupt layer or one past the limits fails with a LayerException whose sentence says what to do;
        // the common error mapping prints it (exit 1).
        try (XrayProgress progress = XrayProgress.on(io.err(), io.terminal())) {
            return new Xray(options).analyze(image, ref, index, progress).report();
        }
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static void render(XrayReport report, Optional<Sboms.Format> sbom, OutputFormat format, OutputStream out)
            throws IOException {
        if (sbom.isPresent()) {
            Sboms.write(sbom.get(), report, out);
            out.flush();
            return;
        }
        if (format == OutputFormat.JSON) {
            ReportJson.write(report, out);
            return;
        }
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        if (format == OutputFormat.HTML) {
            ReportHtml.write(report, w);
        } else {
            ReportText.write(report, w);
        }
        w.flush();
    }

    /** Written next to the target and moved into place, so that a failed run leaves no half report. */
    private static void write(Path target, Writing writing) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writing.to(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Optional<Sboms.Format> sbomFormat() {
        if (sbom == null) {
            return Optional.empty();
        }
        return switch (sbom.strip().toLowerCase(Locale.ROOT)) {
            case "cyclonedx" -> Optional.of(Sboms.Format.CYCLONEDX);
            case "spdx" -> Optional.of(Sboms.Format.SPDX);
            default -> throw new UsageException("--sbom is cyclonedx or spdx, not '" + sbom + "'");
        };
    }

    /** Read before the image, so that a mistake in the rules costs no download. */
    private Optional<CiRules> rules() throws IOException {
        if (!ci && ciConfig == null) {
            return Optional.empty();
        }
        try {
            if (ciConfig != null) {
                return Optional.of(CiRules.read(Path.of(ciConfig)));
            }
            return Optional.of(CiRules.readDefault(Path.of("").toAbsolutePath()));
        } catch (IllegalArgumentException e) { // bad rules, or a path that cannot be one
            throw new UsageException(e.getMessage(), e);
        }
    }

    private Optional<Path> outputPath() {
        if (outputFile == null) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(outputFile);
            Path parent = p.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UsageException("--output-file " + outputFile + ": its directory does not exist; create it"
                        + " first");
            }
            if (Files.isDirectory(p)) {
                throw new UsageException("--output-file " + outputFile + " is a directory: name a file");
            }
            return Optional.of(p);
        } catch (InvalidPathException e) {
            throw new UsageException("--output-file '" + outputFile + "' is not a usable path: " + e.getReason(), e);
        }
    }

    /** Where layer analyses are kept: $XDG_CACHE_HOME/whittle/xray-layers, else ~/.cache/whittle/xray-layers. */
    static Path cacheDirectory(Io io) {
        return XdgBase.CACHE.whittle(io.env()).resolve("xray-layers");
    }
}
