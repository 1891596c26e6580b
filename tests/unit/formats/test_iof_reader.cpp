// The IOF XML 3.0 ResultList reader: individual, relay and multi-race results, every result
// status, times with and without offsets, skipped extensions, streaming, and a clear refusal,
// with its line, of everything that is not an IOF 3.0 ResultList.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/iof_reader.hpp"
#include "unit/formats/iof_test_support.hpp"
#include "unit/formats/xml_reader_support.hpp"

using namespace fitkit;
using namespace fitkit::formats::iof;
using fitkit::test::iof::one_result;
using fitkit::test::iof::RecordingHandler;
using fitkit::test::iof::refusal;
using fitkit::test::iof::result_list;

namespace {

// 2011-07-30T10:00:00+01:00
constexpr std::int64_t kEventStartMs = 1312016400000;

const std::string kIndividual = result_list(R"(<ClassResult>
    <Class><Id>1</Id><Name>Men Elite</Name><ShortName>ME</ShortName></Class>
    <Course><Length>4650</Length></Course>
    <PersonResult>
      <Person sex="M"><Id type="WRE">501</Id><Id>7</Id><Name><Family>Wood</Family><Given>George</Given></Name>
        <BirthDate>1980-02-29</BirthDate><Nationality code="GBR">Great Britain</Nationality></Person>
      <Organisation><Id>5</Id><Name>OC Back &amp; Forth</Name><Country code="GBR">Great Britain</Country></Organisation>
      <Result>
        <BibNumber>101</BibNumber>
        <StartTime>2011-07-30T10:00:00+01:00</StartTime>
        <FinishTime>2011-07-30T10:33:21.5+01:00</FinishTime>
        <Time>2001.5</Time><TimeBehind>0</TimeBehind><Position>1</Position><Status>OK</Status>
        <Score type="Points">12</Score><Score>99</Score>
        <OverallResult><Time>1</Time><Status>Cancelled</Status></OverallResult>
        <SplitTime><ControlCode>31</ControlCode><Time>501</Time></SplitTime>
        <SplitTime status="Missing"><ControlCode>32</ControlCode></SplitTime>
        <SplitTime status="Additional"><ControlCode>33</ControlCode><Time>1136</Time></SplitTime>
        <ControlCard>794021</ControlCard>
      </Result>
    </PersonResult>
    <PersonResult>
      <Person><Name><Family>Martin</Family><Given>Edgar</Given></Name></Person>
      <Result><Time>2202</Time><Status>MissingPunch</Status></Result>
    </PersonResult>
  </ClassResult>
  <ClassResult><Class><Name>Open</Name></Class></ClassResult>)");

}  // namespace

TEST_CASE("iof reader: individual results with person, organisation, times, score and splits") {
  const ResultList list = read_result_list(kIndividual);
  CHECK(list.status == "Complete");
  CHECK(list.event.name == "Example event");
  CHECK(list.event.start_date == "2011-07-30");
  CHECK(list.event.start_ms == kEventStartMs);
  REQUIRE(list.classes.size() == 2);
  const auto& [elite, results] = list.classes[0];
  CHECK(elite == ClassInfo{"Men Elite", "ME", "1"});
  REQUIRE(results.size() == 2);

  const PersonResult& wood = results[0];
  CHECK(wood.person == Person{"George", "Wood", "501", "1980-02-29", "M", "GBR"});  // the first Id
  CHECK(wood.organisation == "OC Back & Forth");
  CHECK(wood.bib == "101");
  CHECK(wood.start_ms == kEventStartMs);
  CHECK(wood.finish_ms == kEventStartMs + 2001500);
  CHECK(wood.time_s == 2001.5);
  CHECK(wood.time_behind_s == 0);
  CHECK(wood.position == 1);
  CHECK(wood.status == "OK");  // not OverallResult's
  CHECK(wood.score == 12);     // the first Score
  CHECK_FALSE(wood.team);
  CHECK_FALSE(wood.leg);
  CHECK_FALSE(wood.race);
  REQUIRE(wood.splits.size() == 3);
  CHECK(wood.splits[0] == SplitTime{"31", 501.0, "OK"});
  CHECK(wood.splits[1] == SplitTime{"32", std::nullopt, "Missing"});
  CHECK(wood.splits[2] == SplitTime{"33", 1136.0, "Additional"});
  CHECK(wood.line == 7);

  const PersonResult& martin = results[1];
  CHECK(martin.person == Person{"Edgar", "Martin"});
  CHECK_FALSE(martin.organisation);
  CHECK_FALSE(martin.position);
  CHECK_FALSE(martin.start_ms);
  CHECK(martin.time_s == 2202);
  CHECK(martin.status == "MissingPunch");
  CHECK(martin.splits.empty());
  CHECK(martin.line == 24);

  CHECK(list.classes[1].first.name == "Open");  // a class without results is still listed
  CHECK(list.classes[1].second.empty());
}

TEST_CASE("iof reader: relay teams give one result per member, with the team's name, leg and fallbacks") {
  const ResultList list = read_result_list(result_list(R"(<ClassResult><Class><Name>Relay</Name></Class>
<TeamResult>
  <Name>Forest Vagabonds 1</Name>
  <Organisation><Name>Forest Vagabonds</Name></Organisation>
  <Organisation><Name>Second club</Name></Organisation>
  <BibNumber>1</BibNumber>
  <TeamMemberResult>
    <Person><Name><Family>Reid</Family><Given>Samuel</Given></Name></Person>
    <Result><Leg>1</Leg><BibNumber>1-1</BibNumber><Time>1438</Time>
      <TimeBehind type="Leg">5</TimeBehind><TimeBehind type="Course">243</TimeBehind>
      <Position type="Course">4</Position><Position type="Leg">2</Position><Status>OK</Status>
      <SplitTime><ControlCode>100</ControlCode><Time>1386</Time></SplitTime></Result>
  </TeamMemberResult>
  <TeamMemberResult>
    <Person><Name><Family>Fisher</Family><Given>Penny</Given></Name></Person>
    <Organisation><Name>Own club</Name></Organisation>
    <Result><Leg>2</Leg><Status>DidNotFinish</Status></Result>
  </TeamMemberResult>
  <TeamMemberResult>
    <Result><Leg>3</Leg><Status>DidNotStart</Status></Result>
  </TeamMemberResult>
</TeamResult>
</ClassResult>)"));
  REQUIRE(list.classes.size() == 1);
  const auto& members = list.classes[0].second;
  REQUIRE(members.size() == 3);
  CHECK(members[0].person.family == "Reid");
  CHECK(members[0].team == "Forest Vagabonds 1");
  CHECK(members[0].leg == 1);
  CHECK(members[0].bib == "1-1");                       // the member's own
  CHECK(members[0].organisation == "Forest Vagabonds");  // the team's first
  CHECK(members[0].time_behind_s == 5);                  // the leg's, not the course's
  CHECK(members[0].position == 2);
  CHECK(members[0].splits.size() == 1);
  CHECK(members[0].line == 10);
  CHECK(members[1].organisation == "Own club");
  CHECK(members[1].bib == "1");  // the team's
  CHECK(members[1].leg == 2);
  CHECK(members[1].status == "DidNotFinish");
  // A leg no one ran: no Person, which a TeamMemberResult may leave out.
  CHECK(members[2].person == Person{});
  CHECK(members[2].team == "Forest Vagabonds 1");
  CHECK(members[2].leg == 3);
  CHECK(members[2].status == "DidNotStart");
}

TEST_CASE("iof reader: a multi-race PersonResult gives one result per race; none gives Inactive") {
  const ResultList list = read_result_list(result_list(R"(<ClassResult><Class><Name>Open</Name></Class>
<PersonResult><Person><Name><Family>Wood</Family><Given>George</Given></Name></Person>
  <Result raceNumber="1"><BibNumber>101</BibNumber><Time>2001</Time><Status>OK</Status></Result>
  <Result raceNumber="2"><Time>3000</Time><Status>Disqualified</Status></Result>
</PersonResult>
<PersonResult><Person><Name><Family>Lawson</Family><Given>Toni</Given></Name></Person></PersonResult>
</ClassResult>)"));
  const auto& results = list.classes.at(0).second;
  REQUIRE(results.size() == 3);
  CHECK(results[0].race == 1);
  CHECK(results[0].bib == "101");
  CHECK(results[0].time_s == 2001);
  CHECK(results[1].race == 2);
  CHECK_FALSE(results[1].bib);  // nothing leaks from the race before
  CHECK(results[1].status == "Disqualified");
  CHECK(results[0].line == results[1].line);
  CHECK(results[2].person.family == "Lawson");
  CHECK(results[2].status == "Inactive");
}

TEST_CASE("iof reader: all 15 result statuses, in the schema's order") {
  const std::vector<std::string_view> expected = {
      "OK",       "Finished", "MissingPunch", "Disqualified", "DidNotFinish",
      "Active",   "Inactive", "OverTime",     "SportingWithdrawal", "NotCompeting",
      "Moved",    "MovedUp",  "DidNotStart",  "DidNotEnter",  "Cancelled"};
  CHECK(result_statuses() == expected);
  for (const auto status : expected) {
    CAPTURE(status);
    CHECK(is_result_status(status));
    const auto list = read_result_list(one_result("<Status> " + std::string(status) + "\n</Status>"));
    CHECK(list.classes.at(0).second.at(0).status == status);
  }
  CHECK_FALSE(is_result_status("ok"));
  CHECK_FALSE(is_result_status(""));
  CHECK_FALSE(is_result_status("Missing"));
}

TEST_CASE("iof reader: dateTime with an offset, Z, fractions or none (UTC); times in seconds") {
  auto result = [](std::string_view fields) { return read_result_list(one_result(fields)).classes.at(0).second.at(0); };
  CHECK(result("<StartTime>2011-07-30T10:00:00+01:00</StartTime><Status>OK</Status>").start_ms == kEventStartMs);
  CHECK(result("<StartTime>2011-07-30T09:00:00Z</StartTime><Status>OK</Status>").start_ms == kEventStartMs);
  CHECK(result("<StartTime>2011-07-30T09:00:00</StartTime><Status>OK</Status>").start_ms == kEventStartMs);
  CHECK(result("<StartTime>2011-07-30T04:30:00-04:30</StartTime><Status>OK</Status>").start_ms == kEventStartMs);
  CHECK(result("<StartTime>2011-07-30T09:00:00.125Z</StartTime><Status>OK</Status>").start_ms == kEventStartMs + 125);
  CHECK(result("<StartTime>2011-07-30T09:00:00.1239Z</StartTime><Status>OK</Status>").start_ms == kEventStartMs + 123);
  CHECK(result("<StartTime>2011-07-30T23:00:00-14:00</StartTime><Status>OK</Status>").start_ms ==
        kEventStartMs + 28 * 3600000);
  // A Leg belongs to a relay member's Result: in a PersonResult's, it is skipped.
  CHECK_FALSE(result("<Leg>2</Leg><Status>OK</Status>").leg);
  CHECK(result("<FinishTime>2011-07-31T00:30:00+14:00</FinishTime><Status>OK</Status>").finish_ms ==
        kEventStartMs + 90 * 60000);
  const auto times = result("<Time> 1.25e3 </Time><TimeBehind>0.5</TimeBehind><Status>OK</Status>");
  CHECK(times.time_s == 1250);
  CHECK(times.time_behind_s == 0.5);

  // An event start: date and time with its offset, a date alone, a time without offset (UTC).
  auto event = [](std::string_view start) {
    return read_result_list(std::string(R"(<ResultList xmlns="http://www.orienteering.org/datastandard/3.0" iofVersion="3.0">
<Event><Id>E1</Id><Name>E</Name>)") + std::string(start) + "</Event></ResultList>")
        .event;
  };
  const auto dated = event("<StartTime><Date>2011-07-30</Date></StartTime>");
  CHECK(dated.id == "E1");
  CHECK(dated.start_date == "2011-07-30");
  CHECK_FALSE(dated.start_ms);
  CHECK(event("<StartTime><Date>2011-07-30</Date><Time>09:00:00</Time></StartTime>").start_ms == kEventStartMs);
  CHECK(event("<StartTime><Date>2011-07-31</Date><Time>00:30:00+02:00</Time></StartTime>").start_ms ==
        kEventStartMs + 30 * 60000 + 13 * 3600000);
  CHECK_FALSE(event("").start_date);
}

TEST_CASE("iof reader: extensions, other namespaces and unknown elements are skipped") {
  const ResultList list = read_result_list(result_list(R"(
<Extensions><x:Thing xmlns:x="urn:x"><Name>not a class</Name></x:Thing></Extensions>
<ClassResult>
  <Class><Name>Open</Name><x:Name xmlns:x="urn:x">other</x:Name><Leg><Name>1</Name></Leg></Class>
  <NewElement><PersonResult/></NewElement>
  <PersonResult>
    <EntryId>9</EntryId>
    <Person><Name><Family>Wood</Family><Given>George</Given><Middle>X</Middle></Name>
      <Extensions><x:Custom xmlns:x="urn:x" a="1"><x:Sub>z</x:Sub></x:Custom></Extensions></Person>
    <Result><x:Status xmlns:x="urn:x">Bogus</x:Status><Status>OK</Status>
      <Extensions><x:MyCustomResultElement xmlns:x="urn:x">5678</x:MyCustomResultElement></Extensions></Result>
    <Extensions/>
  </PersonResult>
</ClassResult>)"));
  REQUIRE(list.classes.size() == 1);
  CHECK(list.classes[0].first.name == "Open");
  REQUIRE(list.classes[0].second.size() == 1);
  CHECK(list.classes[0].second[0].person == Person{"George", "Wood"});
  CHECK(list.classes[0].second[0].status == "OK");
}

TEST_CASE("iof reader: streams list, event, classes and results in order, however the input is cut") {
  RecordingHandler handler;
  fitkit::test::xml_readers::ByteByByteSource in(kIndividual);
  read_result_list(in, handler);
  CHECK(handler.calls == std::vector<std::string>{"list Complete", "event Example event", "class Men Elite",
                                                  "result Men Elite Wood OK", "result Men Elite Martin MissingPunch",
                                                  "class Open"});
  CHECK(handler.header.creator == "Example Software");
  CHECK_FALSE(handler.header.create_time_ms);

  RecordingHandler delta;
  const std::string delta_list = result_list("", R"( status="Delta" createTime="2011-07-31T22:46:33+01:00")");
  formats::MemorySource memory(delta_list);
  read_result_list(memory, delta);
  CHECK(delta.header.status == "Delta");
  CHECK(delta.header.create_time_ms == 1312148793000);
  CHECK(delta.results.empty());
}

TEST_CASE("iof reader: refuses what is not an IOF 3.0 ResultList, naming the line") {
  CHECK(refusal(R"(<StartList xmlns="http://www.orienteering.org/datastandard/3.0" iofVersion="3.0"/>)") ==
        "IOF XML: not an IOF 3.0 ResultList: the root element is "
        "{http://www.orienteering.org/datastandard/3.0}StartList at line 1, column 1");
  CHECK(refusal(R"(<ResultList xmlns="http://www.orienteering.org/datastandard/2.0" iofVersion="3.0"/>)")
            .find("not an IOF 3.0 ResultList") != std::string::npos);
  CHECK(refusal("<gpx/>").find("the root element is gpx") != std::string::npos);
  CHECK(refusal("<ResultList>\n<IOFVersion version=\"2.0.3\"/></ResultList>") ==
        "IOF XML: not an IOF 3.0 ResultList: no iofVersion (IOF 2.0.3 is not read) at line 1, column 1");
  CHECK(refusal(R"(<ResultList iofVersion="2.0"/>)").find("iofVersion is \"2.0\"") != std::string::npos);
  CHECK(refusal(result_list("", R"( status="Final")")).find("status \"Final\"") != std::string::npos);
  CHECK(refusal(R"(<ResultList iofVersion="3.0"></ResultList>)") ==
        "IOF XML: no Event in the ResultList at line 1, column 30");
  CHECK(refusal(R"(<ResultList iofVersion="3.0"><ClassResult/><Event><Name>E</Name></Event></ResultList>)")
            .find("a ClassResult before the Event") != std::string::npos);
  CHECK(refusal("").find("IOF XML: malformed XML") == 0);
}

TEST_CASE("iof reader: refuses bad values and missing required elements, naming the line") {
  CHECK(refusal(one_result("<Status>Ok</Status>")) ==
        "IOF XML: the result Status \"Ok\" is not one of IOF 3.0's at line 6, column 19");
  CHECK(refusal(one_result("<Status>Finished but late</Status>")).find("Status \"Finished but late\"") !=
        std::string::npos);
  CHECK(refusal(one_result("<Time>-1</Time><Status>OK</Status>")) ==
        "IOF XML: Time \"-1\" is negative at line 6, column 17");
  CHECK(refusal(one_result("<Time>NaN</Time><Status>OK</Status>")).find("Time \"NaN\" is not a number") !=
        std::string::npos);
  CHECK(refusal(one_result("<Time>INF</Time><Status>OK</Status>")).find("is not a number") != std::string::npos);
  CHECK(refusal(one_result("<Time>12:30</Time><Status>OK</Status>")).find("is not a number") != std::string::npos);
  CHECK(refusal(one_result("<TimeBehind>-0.5</TimeBehind><Status>OK</Status>")).find("negative") != std::string::npos);
  CHECK(refusal(one_result("<Status>OK</Status><SplitTime><ControlCode>31</ControlCode><Time>-3</Time></SplitTime>"))
            .find("split Time \"-3\" is negative") != std::string::npos);
  CHECK(refusal(one_result("<Status>OK</Status><SplitTime status=\"Late\"><ControlCode>1</ControlCode></SplitTime>"))
            .find("split status \"Late\"") != std::string::npos);
  CHECK(refusal(one_result("<StartTime>2011-07-30 25:00:00</StartTime><Status>OK</Status>"))
            .find("StartTime \"2011-07-30 25:00:00\" is not a date and time (like 2011-07-30T10:00:00+01:00)") !=
        std::string::npos);
  for (const auto bad : {"2011-07-30T10:00:00+15:00", "2011-07-30T10:00:00+0100", "2011-07-30t10:00:00Z",
                         "2011-07-30T10:00Z", "0000-01-01T00:00:00Z", "2011-07-30T10:00:00.Z", "2011-02-29T10:00:00"}) {
    CAPTURE(bad);
    CHECK(refusal(one_result("<StartTime>" + std::string(bad) + "</StartTime><Status>OK</Status>"))
              .find("is not a date and time") != std::string::npos);
  }
  CHECK(refusal(one_result("<FinishTime>30/07/2011 10:00</FinishTime><Status>OK</Status>")).find("FinishTime") !=
        std::string::npos);
  CHECK(refusal(one_result("<Position>first</Position><Status>OK</Status>"))
            .find("Position \"first\" is not a whole number") != std::string::npos);
  CHECK(refusal(one_result("<Position>-1</Position><Status>OK</Status>")).find("Position") != std::string::npos);
  CHECK(refusal(one_result("<Time>12</Time>")) == "IOF XML: a Result without a Status at line 6, column 24");
  CHECK(refusal(result_list(R"(<ClassResult><Class><Name>Open</Name></Class>
<PersonResult><Organisation><Name>Club</Name></Organisation></PersonResult></ClassResult>)")) ==
        "IOF XML: a PersonResult (line 5) without a Person at line 5, column 61");
  CHECK(refusal(result_list(R"(<ClassResult><Class><Name>Open</Name></Class>
<PersonResult><Result><Status>OK</Status></Result></PersonResult></ClassResult>)"))
            .find("without a Person before its Result") != std::string::npos);
  CHECK(refusal(result_list(R"(<ClassResult><Class><Name>Open</Name></Class>
<PersonResult><Person><Id>1</Id></Person><Result><Status>OK</Status></Result></PersonResult></ClassResult>)")) ==
        "IOF XML: a Person (line 5) without a Name at line 5, column 33");
  CHECK(refusal(result_list("<ClassResult><PersonResult/></ClassResult>"))
            .find("a PersonResult before its ClassResult's Class") != std::string::npos);
  CHECK(refusal(result_list("<ClassResult></ClassResult>")).find("a ClassResult without a Class") != std::string::npos);
  CHECK(refusal(result_list(R"(<ClassResult><Class><Name>Open</Name></Class><PersonResult>
<Person sex="X"><Name><Family>A</Family><Given>B</Given></Name></Person></PersonResult></ClassResult>)"))
            .find("sex \"X\" is not M or F") != std::string::npos);
  CHECK(refusal(result_list(R"(<ClassResult><Class><Name>Open</Name></Class><PersonResult>
<Person><Name><Family>A</Family><Given>B</Given></Name><BirthDate>1980-13-01</BirthDate></Person></PersonResult></ClassResult>)"))
            .find("birth date \"1980-13-01\" is not a date") != std::string::npos);
  CHECK(refusal(one_result("<Status>OK</Status></Result><Result raceNumber=\"0\"><Status>OK</Status>"))
            .find("raceNumber \"0\" is not a whole number from 1") != std::string::npos);
  CHECK(refusal(R"(<ResultList iofVersion="3.0"><Event><Name>E</Name><StartTime><Time>10:00:00</Time></StartTime></Event></ResultList>)")
            .find("an event StartTime without a Date") != std::string::npos);
  CHECK(refusal(R"(<ResultList iofVersion="3.0"><Event><Name>E</Name><StartTime><Date>2011-07-30</Date><Time>10h</Time></StartTime></Event></ResultList>)")
            .find("start time \"10h\" is not a time of day") != std::string::npos);
  CHECK(refusal(result_list("", R"( createTime="yesterday")")).find("createTime \"yesterday\"") != std::string::npos);
}

TEST_CASE("iof reader: refuses truncated XML, a DOCTYPE and its entities, and deep nesting") {
  const std::string whole = read_result_list(kIndividual).classes.empty() ? "" : kIndividual;
  const std::string truncated = whole.substr(0, whole.find("<Status>MissingPunch"));
  CHECK(refusal(truncated).find("IOF XML: malformed XML: ") == 0);
  // Cut anywhere, the document is refused, never read as something shorter.
  for (std::size_t cut = 0; cut < whole.size() - 2; cut += 97) {
    CAPTURE(cut);
    CHECK_FALSE(refusal(whole.substr(0, cut)).empty());
  }

  CHECK(refusal(R"(<?xml version="1.0"?>
<!DOCTYPE ResultList [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<ResultList iofVersion="3.0"><Event><Name>&lol2;</Name></Event></ResultList>)") ==
        "IOF XML: a DOCTYPE is not allowed (nor the entities it could declare) at line 2, column 22");
  CHECK(refusal(R"(<!DOCTYPE ResultList SYSTEM "IOFdata.dtd"><ResultList iofVersion="3.0"/>)").find("DOCTYPE") !=
        std::string::npos);
  CHECK(refusal(one_result("<Status>&undefined;</Status>")).find("malformed XML: undefined entity") !=
        std::string::npos);

  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<Extensions>";
  CHECK(refusal(result_list(deep)).find("elements nested deeper than 128") != std::string::npos);
}
