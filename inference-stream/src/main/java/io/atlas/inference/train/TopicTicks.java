package io.atlas.inference.train;

import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.schemas.serde.AvroSerde;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads training input from Kafka: a range of a ticks topic (decoded with the catalog's MarketTick serde, merged
 * across partitions by exchange time) and the tick size of each symbol from the instruments topic.
 */
public final class TopicTicks {

    private TopicTicks() {
    }

    public static List<MarketTick> read(Map<String, Object> clientSettings, String topic, long fromOffset,
                                        long maxRecords, Duration timeout) {
        AvroSerde<MarketTick> serde = (AvroSerde<MarketTick>) Topics.TICKS.valueSerde();
        Map<Integer, List<MarketTick>> decoded = new HashMap<>();
        TopicReader.read(clientSettings, topic, fromOffset, maxRecords, timeout).forEach((partition, records) -> {
            List<MarketTick> ticks = new ArrayList<>(records.size());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.value() != null) {
                    ticks.add(serde.decode(record));
                }
            }
            decoded.put(partition, ticks);
        });
        List<MarketTick> merged = new ArrayList<>();
        TopicReader.mergeByTime(decoded, MarketTick::getExchangeTimeMicros, merged::add);
        return merged;
    }

    /** Tick size by symbol, from the latest instrument records. */
    public static Map<String, Double> tickSizes(Map<String, Object> clientSettings, Duration timeout) {
        AvroSerde<Instrument> serde = (AvroSerde<Instrument>) Topics.INSTRUMENTS.valueSerde();
        Map<String, Double> sizes = new HashMap<>();
        TopicReader.read(clientSettings, Topics.INSTRUMENTS.name(), 0, Long.MAX_VALUE, timeout)
                .values().forEach(records -> {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        if (record.value() != null) {
                            Instrument instrument = serde.decode(record);
                            sizes.put(instrument.getSymbol(), instrument.getTickSize());
                        }
                    }
                });
        return sizes;
    }
}
