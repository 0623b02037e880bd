package io.pinpipe.pipelines.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Writes curated rows as one Parquet file per {@link FileIO} shard, through any Beam filesystem
 * (local, S3). Beam's ParquetIO does the same but is not served at Beam 2.70 here.
 */
public final class ParquetRowSink implements FileIO.Sink<Row> {
  private static final long serialVersionUID = 1L;

  /**
   * A writer buffers a whole row group on the heap, and a worker writes several shards at once (one
   * per table and slot): Parquet's 128 MiB default would take most of a 1 GiB heap by itself.
   */
  static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

  private final Schema schema;
  private final String recordName;
  private transient org.apache.avro.Schema avroSchema;
  private transient ParquetWriter<GenericRecord> writer;

  public ParquetRowSink(Schema schema, String recordName) {
    this.schema = schema;
    this.recordName = recordName;
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    avroSchema = AvroRows.avroSchema(schema, recordName);
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    // Standard three-level lists, as Spark and other readers expect for `coordinates`.
    conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
    writer =
        AvroParquetWriter.<GenericRecord>builder(new ChannelOutputFile(channel))
            .withSchema(avroSchema)
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(ROW_GROUP_BYTES)
            .build();
  }

  @Override
  public void write(Row row) throws IOException {
    writer.write(AvroRows.toAvro(row, avroSchema));
  }

  @Override
  public void flush() throws IOException {
    // Closing the Parquet writer writes the footer; FileIO closes the channel itself.
    writer.close();
  }

  /** A Parquet output file over a Beam channel; closing it leaves the channel to FileIO. */
  private static final class ChannelOutputFile implements OutputFile {
    private final OutputStream out;

    ChannelOutputFile(WritableByteChannel channel) {
      this.out = Channels.newOutputStream(channel);
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
