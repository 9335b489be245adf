//! JSON-RPC over standard input and output, framed by `Content-Length`
//! headers, as `lsp_server::Connection::stdio` does it, with one difference:
//! a malformed message (a body that is not JSON, JSON that is no JSON-RPC
//! message, a header without a length) is answered with a JSON-RPC error and
//! reading goes on, where `lsp-server`'s reader stops and takes the server
//! down with it.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, never, unbounded};
use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// JSON-RPC's codes for a message that cannot be read.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// What one frame of input held.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// An error response to write back (the message could not be read).
    Malformed(String),
}

/// Reads the next frame; `Ok(None)` at the end of input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut headers = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if headers > 0 {
                break;
            }
            // Blank lines between messages are skipped.
            continue;
        }
        headers += 1;
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length: {value:?}")),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header: {header:?}")),
        }
    }
    let Some(length) = length else {
        let problem = bad_header.unwrap_or_else(|| "no Content-Length header".to_string());
        return Ok(Some(Frame::Malformed(error_response(
            Value::Null,
            PARSE_ERROR,
            &problem,
        ))));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse_body(&body)))
}

fn parse_body(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return Frame::Malformed(error_response(
                Value::Null,
                PARSE_ERROR,
                &format!("malformed JSON: {e}"),
            ));
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    // Without a method, a result or an error, `lsp-server` would read it as
    // an empty response, and nobody would answer it.
    if ["method", "result", "error"]
        .iter()
        .all(|key| value.get(key).is_none())
    {
        return Frame::Malformed(error_response(
            id,
            INVALID_REQUEST,
            "not a JSON-RPC message: no method, result or error",
        ));
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Malformed(error_response(
            id,
            INVALID_REQUEST,
            &format!("not a JSON-RPC message: {e}"),
        )),
    }
}

fn error_response(id: Value, code: i64, message: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string()
}

fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

/// The threads that move messages between the streams and the connection.
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads (call after the connection is dropped).
    pub fn join(self) -> io::Result<()> {
        let reader = self
            .reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")));
        let writer = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
        // The client closing its end is how a server usually ends.
        reader.or_else(ignore_closed)?;
        writer.or_else(ignore_closed)
    }
}

fn ignore_closed(e: io::Error) -> io::Result<()> {
    match e.kind() {
        io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof => Ok(()),
        _ => Err(e),
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_writer, from_server) = bounded::<Message>(0);
    let (raw_sender, raw_receiver) = unbounded::<String>();
    let (to_server, from_reader) = bounded::<Message>(0);
    let writer = thread::spawn(move || write_loop(from_server, raw_receiver));
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_loop(&mut stdin.lock(), &to_server, &raw_sender)
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, IoThreads { reader, writer })
}

fn read_loop(
    input: &mut impl BufRead,
    to_server: &Sender<Message>,
    raw: &Sender<String>,
) -> io::Result<()> {
    while let Some(frame) = read_frame(input)? {
        match frame {
            Frame::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    break;
                }
            }
            Frame::Malformed(response) => {
                let _ = raw.send(response);
            }
        }
    }
    Ok(())
}

fn write_loop(messages: Receiver<Message>, raw: Receiver<String>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut raw = raw;
    loop {
        crossbeam_channel::select! {
            recv(messages) -> message => match message {
                Ok(message) => message.write(&mut out)?,
                Err(_) => break,
            },
            recv(raw) -> text => match text {
                Ok(text) => write_text(&mut out, &text)?,
                Err(_) => raw = never(),
            },
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut cursor = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut cursor).unwrap() {
            out.push(frame);
        }
        out
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_bodies_are_answered_and_reading_goes_on() {
        let input = [
            framed("{not json"),
            framed(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        ]
        .concat();
        let frames = frames(&input);
        assert_eq!(frames.len(), 3);
        let Frame::Malformed(parse) = &frames[0] else {
            panic!("{:?}", frames[0]);
        };
        let parse: Value = serde_json::from_str(parse).unwrap();
        assert_eq!(parse["error"]["code"], PARSE_ERROR);
        assert_eq!(parse["id"], Value::Null);
        let Frame::Malformed(invalid) = &frames[1] else {
            panic!("{:?}", frames[1]);
        };
        let invalid: Value = serde_json::from_str(invalid).unwrap();
        assert_eq!(invalid["error"]["code"], INVALID_REQUEST);
        assert_eq!(invalid["id"], 7);
        assert!(
            matches!(&frames[2], Frame::Message(Message::Request(r)) if r.method == "shutdown")
        );
    }

    #[test]
    fn a_header_without_length_is_an_error_not_the_end() {
        let input = format!(
            "Content-Type: x\r\n\r\n{}",
            framed(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let frames = frames(&input);
        assert!(matches!(frames[0], Frame::Malformed(_)));
        assert!(
            matches!(&frames[1], Frame::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn a_body_cut_short_ends_the_input_with_an_error() {
        let mut cursor = io::Cursor::new(b"Content-Length: 50\r\n\r\n{}".to_vec());
        assert!(read_frame(&mut cursor).is_err());
    }
}
