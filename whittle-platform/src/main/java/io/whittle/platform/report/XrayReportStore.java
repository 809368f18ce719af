package io.whittle.platform.report;

import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.db.Database;
import io.whittle.platform.db.Keyset;
import io.whittle.platform.job.JobId;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The X-ray reports of each organization: the report document, its headline figures for listings, and each layer's
 * file listing for the explorer. Every read and delete is scoped to one organization, so another organization's
 * report is simply not there.
 */
public final class XrayReportStore {
    private static final String COLUMNS = "id, organization_id, job_id, connector_id, reference, image_digest, platform,"
            + " created_at, uncompressed_size, compressed_size, efficiency, wasted_bytes, findings_critical,"
            + " findings_high, findings_medium, findings_low, findings_info, package_count, layer_count";

    private final Database db;

    public XrayReportStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Stores a report with its document (JSON) and file listings by layer ({@code -1}: the merged file system), in
     * one transaction.
     */
    public XrayReportSummary store(XrayReportSummary summary, String document, Map<Integer, byte[]> listings) {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(document, "document");
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO xray_reports (" + COLUMNS
                    + ", report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 1;
                ps.setObject(i++, summary.id().value());
                ps.setObject(i++, summary.organization().value());
                if (summary.job().isPresent()) {
                    ps.setObject(i++, summary.job().get().value());
                } else {
                    ps.setNull(i++, Types.OTHER);
                }
                ps.setString(i++, summary.connector());
                ps.setString(i++, summary.reference());
                ps.setString(i++, summary.imageDigest());
                ps.setString(i++, summary.platform());
                ps.setObject(i++, OffsetDateTime.ofInstant(summary.createdAt(), ZoneOffset.UTC));
                ps.setLong(i++, summary.uncompressedSize());
                ps.setLong(i++, summary.compressedSize());
                ps.setDouble(i++, summary.efficiency());
                ps.setLong(i++, summary.wastedBytes());
                XrayReportSummary.FindingCounts f = summary.findings();
                ps.setInt(i++, f.critical());
                ps.setInt(i++, f.high());
                ps.setInt(i++, f.medium());
                ps.setInt(i++, f.low());
                ps.setInt(i++, f.info());
                ps.setInt(i++, summary.packageCount());
                ps.setInt(i++, summary.layerCount());
                ps.setString(i, document);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO xray_report_files (report_id, layer, listing) VALUES (?, ?, ?)")) {
                for (Map.Entry<Integer, byte[]> e : listings.entrySet()) {
                    ps.setObject(1, summary.id().value());
                    ps.setInt(2, e.getKey());
                    ps.setBytes(3, e.getValue());
                    ps.addBatch();
                }
                if (!listings.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return summary;
        });
    }

    /** The report of {@code org} by that id, without its document. */
    public Optional<XrayReportSummary> find(OrganizationId org, XrayReportId id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM xray_reports WHERE id = ? AND organization_id = ?")) {
                ps.setObject(1, id.value());
                ps.setObject(2, org.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The report's JSON document. */
    public Optional<String> document(OrganizationId org, XrayReportId id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT report FROM xray_reports WHERE id = ? AND organization_id = ?")) {
                ps.setObject(1, id.value());
                ps.setObject(2, org.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The file listing of one layer ({@code -1}: the merged file system), as stored. */
    public Optional<byte[]> listing(OrganizationId org, XrayReportId id, int layer) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.listing FROM xray_report_files f"
                    + " JOIN xray_reports r ON r.id = f.report_id"
                    + " WHERE f.report_id = ? AND r.organization_id = ? AND f.layer = ?")) {
                ps.setObject(1, id.value());
                ps.setObject(2, org.value());
                ps.setInt(3, layer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** The reports of {@code org}, newest first; with {@code imageDigest}, only those of that image. */
    public Page<XrayReportSummary> list(OrganizationId org, PageRequest request, Optional<String> imageDigest) {
        Optional<Keyset.Position> after = request.cursor()
                .map(cur -> Keyset.Position.decode(cur, id -> UUID.fromString(id).toString()));
        return db.inTransaction(c -> {
            String sql = "SELECT " + COLUMNS + " FROM xray_reports WHERE organization_id = ?"
                    + (imageDigest.isPresent() ? " AND image_digest = ?" : "")
                    + Keyset.NEWEST_FIRST.condition(after) + Keyset.NEWEST_FIRST.orderAndLimit();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setObject(i++, org.value());
                if (imageDigest.isPresent()) {
                    ps.setString(i++, imageDigest.get());
                }
                Keyset.NEWEST_FIRST.bind(ps, i, after, request.limit(), UUID::fromString);
                List<XrayReportSummary> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs));
                    }
                }
                return Keyset.NEWEST_FIRST.page(found, request.limit(),
                        s -> new Keyset.Position(s.createdAt(), s.id().toString()));
            }
        });
    }

    /** Deletes the report of {@code org} and its listings; false when it has none by that id. */
    public boolean delete(OrganizationId org, XrayReportId id) {
        return db.inTransaction(c -> delete(c, org, id));
    }

    private static boolean delete(Connection c, OrganizationId org, XrayReportId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM xray_reports WHERE id = ? AND organization_id = ?")) {
            ps.setObject(1, id.value());
            ps.setObject(2, org.value());
            return ps.executeUpdate() == 1;
        }
    }

    private static XrayReportSummary read(ResultSet rs) throws SQLException {
        UUID job = rs.getObject("job_id", UUID.class);
        return new XrayReportSummary(new XrayReportId(rs.getObject("id", UUID.class)),
                new OrganizationId(rs.getObject("organization_id", UUID.class)),
                Optional.ofNullable(job).map(JobId::new), rs.getString("connector_id"), rs.getString("reference"),
                rs.getString("image_digest"), rs.getString("platform"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getLong("uncompressed_size"),
                rs.getLong("compressed_size"), rs.getDouble("efficiency"), rs.getLong("wasted_bytes"),
                new XrayReportSummary.FindingCounts(rs.getInt("findings_critical"), rs.getInt("findings_high"),
                        rs.getInt("findings_medium"), rs.getInt("findings_low"), rs.getInt("findings_info")),
                rs.getInt("package_count"), rs.getInt("layer_count"));
    }
}
