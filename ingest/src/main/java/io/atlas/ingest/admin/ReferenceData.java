package io.atlas.ingest.admin;

import io.atlas.ingest.cdc.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes and lists the instruments table the way operators do: halt or resume an instrument. CDC carries each
 * change to Kafka; nothing here touches Kafka. Model releases have their own rules: {@code ModelReleases}.
 */
public final class ReferenceData {

    /** One row of {@code instruments} as {@code list} shows it. */
    public record InstrumentRow(String symbol, String venue, String status, double tickSize, String currency) {
    }

    private final PgTarget target;

    public ReferenceData(PgTarget target) {
        this.target = target;
    }

    /** Sets an instrument's status; false when there is no such symbol. */
    public boolean setStatus(String symbol, String status) throws SQLException {
        try (Connection c = target.connect();
             PreparedStatement update = c.prepareStatement("UPDATE instruments SET status = ? WHERE symbol = ?")) {
            update.setString(1, status);
            update.setString(2, symbol);
            return update.executeUpdate() == 1;
        }
    }

    /** Instruments whose symbol starts with {@code prefix} (all for ""), by symbol. */
    public List<InstrumentRow> list(String prefix) throws SQLException {
        try (Connection c = target.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT symbol, venue, status, tick_size, currency FROM instruments WHERE symbol LIKE ? "
                        + "ORDER BY symbol")) {
            select.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            List<InstrumentRow> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new InstrumentRow(r.getString(1), r.getString(2), r.getString(3), r.getDouble(4),
                            r.getString(5)));
                }
            }
            return rows;
        }
    }
}
