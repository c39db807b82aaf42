package io.difflens.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.schemas.Turn;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes Confluent's {@code KafkaAvroSerializer} writes: magic byte 0, the schema id as 4-byte
 * big-endian, then Avro binary. The expected bytes below are derived by hand from the Avro 1.12
 * specification ("Binary Encoding": int/long as zig-zag varints, strings/bytes as a zig-zag length then the
 * raw bytes, union as the zig-zag branch index then the value, float as 4 little-endian IEEE-754 bytes,
 * arrays as blocks (zig-zag count, items) closed by a 0 count, enums as the zig-zag symbol index), not
 * produced by the code under test.
 */
class WireFormatBytesTest {

    private static final Schema PROBE = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"test","fields":[
              {"name":"name","type":"string"},
              {"name":"small","type":"int"},
              {"name":"wide","type":"int"},
              {"name":"big","type":"long"},
              {"name":"ok","type":"boolean"},
              {"name":"note","type":["null","string"]},
              {"name":"missing","type":["null","string"]},
              {"name":"data","type":"bytes"},
              {"name":"ratio","type":"float"},
              {"name":"items","type":{"type":"array","items":"int"}},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}}
            ]}""");

    @Test
    void genericRecordUnderAKnownIdHasTheConfluentBytes() {
        // id 0x01020304 makes the byte order of the header visible.
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(0x01020304);
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);

        GenericRecord probe = new GenericData.Record(PROBE);
        probe.put("name", "hé");
        probe.put("small", -1);
        probe.put("wide", 64);
        probe.put("big", -3L);
        probe.put("ok", true);
        probe.put("note", "x");
        probe.put("missing", null);
        probe.put("data", ByteBuffer.wrap(new byte[] {(byte) 0xDE, (byte) 0xAD}));
        probe.put("ratio", 1.0f);
        probe.put("items", List.of(1, 2));
        probe.put("kind", new GenericData.EnumSymbol(PROBE.getField("kind").schema(), "C"));

        String expected = String.join("",
                "00", "01020304",       // magic byte, schema id big-endian
                "06", "68c3a9",         // "hé": 3 UTF-8 bytes, length 3 -> zig-zag 6
                "01",                   // int -1 -> zig-zag 1
                "8001",                 // int 64 -> zig-zag 128 -> varint 0x80 0x01
                "05",                   // long -3 -> zig-zag 5
                "01",                   // true
                "02", "02", "78",       // union branch 1 (string), length 1, 'x'
                "00",                   // union branch 0 (null), no value
                "04", "dead",           // bytes: length 2 -> zig-zag 4, then the bytes
                "0000803f",             // float 1.0 = 0x3f800000, little-endian
                "04", "02", "04", "00", // array: block of 2 items (zig-zag 4): 1 -> 2, 2 -> 4; end block 0
                "04");                  // enum symbol index 2 -> zig-zag 4

        assertThat(HexFormat.of().formatHex(serializer.serialize("probes", probe))).isEqualTo(expected);
        assertThat(registry.subjects()).containsExactly("probes-value");
    }

    @Test
    void specificRecordUnderAKnownIdHasTheConfluentBytes() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(7);
        AvroSerializer<Turn> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);

        byte[] bytes = serializer.serialize("turns", new Turn("human", "hi"));

        // magic, id 7, "human" (length 5 -> 0x0a), "hi" (length 2 -> 0x04)
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00" + "00000007" + "0a68756d616e" + "046869");
    }
}
