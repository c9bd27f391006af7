package io.atlas.perf.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Labels a 1/(1-p) axis with the percentile p it stands for: 10 reads "90%", 1000 reads "99.9%". Spreading the
 * tail this way is how latency distributions are read: every decade is one more nine.
 */
final class PercentileFormat extends NumberFormat {

    @Override
    public StringBuffer format(double inverse, StringBuffer to, FieldPosition position) {
        double percent = 100 * (1 - 1 / inverse);
        return to.append(new BigDecimal(percent).round(new MathContext(6)).stripTrailingZeros().toPlainString())
                .append('%');
    }

    @Override
    public StringBuffer format(long inverse, StringBuffer to, FieldPosition position) {
        return format((double) inverse, to, position);
    }

    @Override
    public Number parse(String source, ParsePosition position) {
        throw new UnsupportedOperationException("a chart label format; never parsed");
    }
}
