/* Byte streams in and out, gzip or plain.
 *
 * Input is decompressed when it starts with the gzip magic bytes, whatever
 * its name.  Output is compressed when its file name ends in ".gz".  Every
 * write is checked; sne_output_close() reports a late error (ENOSPC on
 * flush, /dev/full) so that nothing is ever silently truncated. */
#ifndef SNE_IO_H
#define SNE_IO_H

#include <stddef.h>
#include <sys/types.h>

struct sne_input;
struct sne_output;
struct sne_record;

/* Opens PATH for reading; NULL or "-" is standard input.  Returns NULL with
 * errno set on failure.  Free with sne_input_close(). */
struct sne_input *sne_input_open(const char *path);
/* Wraps an open descriptor (owned from now on); NAME is copied, used in messages. */
struct sne_input *sne_input_fdopen(int fd, const char *name);
/* An input whose bytes come from PRODUCE (the SQLite register's stream,
 * sne/store.h): PRODUCE fills up to SIZE bytes of BUF and returns their
 * count, 0 at the end, or -1 after writing a French reason into ERROR
 * (ERROR_SIZE bytes).  RELEASE (may be NULL) frees CTX at close.  Never
 * gzip.  NAME is copied, used in messages. */
struct sne_input *sne_input_producer(const char *name,
                                     ssize_t (*produce)(void *ctx, void *buf, size_t size,
                                                        char *error, size_t error_size),
                                     void (*release)(void *ctx), void *ctx);
/* A producer's input IN (before its first read): PRODUCE runs in a thread
 * of its own, a few blocks ahead of the reader, so that producing overlaps
 * parsing on another core.  Only for a producer whose state nothing else
 * touches until the input is closed. */
void sne_input_read_ahead(struct sne_input *in);
/* Reads up to SIZE decompressed bytes; 0 at end, -1 on error (message
 * available from sne_input_error(); errno is EBADMSG when the gzip data is
 * truncated or corrupt, which is bad input rather than an I/O failure). */
ssize_t sne_input_read(struct sne_input *in, void *buf, size_t size);
/* Name for messages: the path, or "<entrée standard>".  Borrowed. */
const char *sne_input_name(const struct sne_input *in);
/* The descriptor of IN when it is a regular file not read yet and at its
 * start (its bytes can be read with pread() without disturbing IN), or
 * -1: a pipe, a producer, an input already started. */
int sne_input_file_fd(const struct sne_input *in);
/* Size in bytes of the underlying file when known (regular file), else -1. */
long long sne_input_size(const struct sne_input *in);
/* Compressed bytes consumed so far (for progress). */
long long sne_input_offset(const struct sne_input *in);
/* Last error as French text ("fichier gzip tronqué", strerror...).  Borrowed. */
const char *sne_input_error(const struct sne_input *in);
/* Closes and frees; returns 0, or -1 when the descriptor failed to close. */
int sne_input_close(struct sne_input *in);

/* Standard output (never compressed).  Free with sne_output_close(). */
struct sne_output *sne_output_stdout(void);
/* Wraps descriptor FD (owned); gzip when GZIP != 0 at LEVEL (1-9, 0 = 6).
 * NAME is copied, for messages. */
struct sne_output *sne_output_fdopen(int fd, const char *name, int gzip, int level);
/* fsyncs the folder holding PATH ("." for a bare name), so that a file
 * created or renamed there survives a crash.  0, or -1 with errno. */
int sne_fsync_parent(const char *path);
/* Creates PATH (mode 0600, truncated); gzip when the name ends in ".gz".
 * Returns NULL with errno set. */
struct sne_output *sne_output_create(const char *path);
/* Writes all of BUF; 0 on success, -1 with errno set. */
int sne_output_write(struct sne_output *out, const void *buf, size_t size);
/* Bytes handed to sne_output_write() so far, written or not. */
unsigned long long sne_output_given(const struct sne_output *out);
/* Writes all of BUF; on failure says "NAME: écriture impossible : why"
 * and returns SNE_EX_IOERR, else 0: the form the programs' callbacks use. */
int sne_output_emit(struct sne_output *out, const void *buf, size_t size);
int sne_output_puts(struct sne_output *out, const char *text);
int sne_output_printf(struct sne_output *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes TEXT escaped for XML character data or attribute values. */
int sne_output_xml_escaped(struct sne_output *out, const char *text);
/* Flushes buffers and fsyncs the descriptor (for in-place rewrites). */
int sne_output_sync(struct sne_output *out);
const char *sne_output_name(const struct sne_output *out);
/* Flushes, closes and frees; 0 on success, -1 with errno set if any write,
 * the flush or the close failed. */
int sne_output_close(struct sne_output *out);

/* An output that hands each record written with sne_record_write() to
 * RECORD instead of writing it (the SQLite register's sink, sne/store.h):
 * REC is the record as read, BYTES the record with its edits.  Other bytes
 * written to it (a stream's head and tail) are dropped.  RECORD returns 0,
 * or -1 after saying why (the write then fails with EIO). */
struct sne_output *sne_output_record_sink(const char *name,
                                          int (*record)(void *ctx,
                                                        const struct sne_record *rec,
                                                        const char *bytes, size_t len),
                                          void *ctx);
/* For sne_record_write(): 1 when OUT is a record sink (what is written
 * next, up to sne_output_record_end(), is one record's bytes), else 0. */
int sne_output_record_begin(struct sne_output *out);
/* Hands the bytes written since sne_output_record_begin() to the sink
 * with REC; 0, or -1 with errno set. */
int sne_output_record_end(struct sne_output *out, const struct sne_record *rec);

/* Whether PATH names a gzip target (ends in ".gz"). */
int sne_path_is_gz(const char *path);

#endif
