import Foundation
@testable import FootnoteMCP
import Testing

@Suite("LineFramer: newline framing in linear time with a bounded line")
struct LineFramerTests {
    private func lines(_ events: [LineFramer.Event]) -> [String] {
        events.map { event in
            if case let .line(data) = event { return String(decoding: data, as: UTF8.self) } else { return "<oversized>" }
        }
    }

    @Test("lines split across chunks, CRLF, blank lines and a last line without a newline")
    func framing() {
        var framer = LineFramer(maximumLineLength: 64)
        var events = framer.append(Data("{\"a\"".utf8))
        events += framer.append(Data(":1}\r\n\n  \n{\"b\":2}\n{\"c\"".utf8))
        events += framer.append(Data(":3}".utf8))
        #expect(lines(events) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(framer.finish().map { lines([$0]) } == ["{\"c\":3}"])
        #expect(framer.finish() == nil)
    }

    @Test("a line over the limit is dropped up to its newline and reported once; the next line is intact")
    func oversized() {
        var framer = LineFramer(maximumLineLength: 10)
        var events = framer.append(Data(repeating: UInt8(ascii: "x"), count: 7))
        events += framer.append(Data(repeating: UInt8(ascii: "x"), count: 7))
        events += framer.append(Data("xx\nok\n".utf8))
        #expect(lines(events) == ["<oversized>", "ok"])
    }

    @Test("8 MB without a newline in 4 KiB chunks is framed in linear time (the quadratic rescan took minutes)")
    func linear() {
        var framer = LineFramer(maximumLineLength: 16 * 1024 * 1024)
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 4096)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<2048 { #expect(framer.append(chunk).isEmpty) }
            #expect(framer.append(Data("\n".utf8)).count == 1)
        }
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }
}
