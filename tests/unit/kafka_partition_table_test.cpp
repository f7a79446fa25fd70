// kafka-sub's partition bookkeeping (kafka/partition_table) and the owned partition list.
#include "kafka/partition_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tweetmap;

namespace {

// "topic/partition@offset" of each element of `l`.
std::vector<std::string> elements(const PartitionList& l) {
  std::vector<std::string> out;
  for (const rd_kafka_topic_partition_t& tp : l)
    out.push_back(std::string(tp.topic) + "/" + std::to_string(tp.partition) + "@" +
                  std::to_string(tp.offset));
  return out;
}

}  // namespace

TEST_CASE("partition list: owns its list, adds with offsets, none by default") {
  PartitionList none;
  CHECK_FALSE(none);
  CHECK(none.size() == 0);
  CHECK(none.begin() == none.end());
  auto l = PartitionList::with_capacity(1);
  CHECK(l);
  l.add("a", 0, RD_KAFKA_OFFSET_BEGINNING);
  l.add("b", 3);
  CHECK(l.size() == 2);
  CHECK(elements(l) == std::vector<std::string>{"a/0@" + std::to_string(RD_KAFKA_OFFSET_BEGINNING),
                                                "b/3@" + std::to_string(RD_KAFKA_OFFSET_INVALID)});
  PartitionList moved = std::move(l);
  CHECK(moved.size() == 2);
  CHECK(moved.get() != nullptr);
}

TEST_CASE("partition table: messages move a partition's next offset and clear its end") {
  PartitionTable t;
  CHECK(t.find("t", 0) == nullptr);
  t.on_message("t", 0, 41);
  t.on_message("u", 0, 5);  // the same partition number in another topic is another partition
  REQUIRE(t.size() == 2);
  CHECK(t.find("t", 0)->next == 42);
  CHECK(t.find("u", 0)->next == 6);
  t.on_eof("t", 0);
  CHECK(t.find("t", 0)->eof);
  CHECK_FALSE(t.all_eof());
  t.on_eof("u", 0);
  CHECK(t.all_eof());
  t.on_message("t", 0, 42);
  CHECK_FALSE(t.find("t", 0)->eof);
  CHECK_FALSE(t.all_eof());
  t.on_eof("nope", 9);  // not in the table: nothing changes
  CHECK(t.size() == 2);
  CHECK_FALSE(PartitionTable().all_eof());  // nothing assigned is not "all at the end"
}

TEST_CASE("partition table: offsets to store are those that moved, each once") {
  PartitionTable t;
  CHECK_FALSE(t.take_offsets_to_store());
  t.assigned("t", 0);
  t.assigned("t", 1);
  CHECK_FALSE(t.take_offsets_to_store());  // nothing read yet
  t.on_message("t", 0, 9);
  t.on_message("t", 1, 19);
  CHECK(elements(t.take_offsets_to_store()) == std::vector<std::string>{"t/0@10", "t/1@20"});
  CHECK_FALSE(t.take_offsets_to_store());
  t.on_message("t", 1, 20);
  CHECK(elements(t.take_offsets_to_store()) == std::vector<std::string>{"t/1@21"});
}

TEST_CASE("partition table: a revoked partition is gone, reassigned it starts afresh") {
  PartitionTable t;
  t.on_message("t", 0, 9);
  t.on_message("t", 1, 19);
  CHECK(t.find("t", 1) != nullptr);  // the last found, looked up again below
  t.revoked("t", 1);
  CHECK(t.find("t", 1) == nullptr);
  CHECK(t.size() == 1);
  t.assigned("t", 0);
  CHECK(t.find("t", 0)->next == -1);
  CHECK(t.find("t", 0)->stored == -1);
  CHECK_FALSE(t.take_offsets_to_store());
}

TEST_CASE("partition table: a start offset applies once per partition per run") {
  PartitionTable t;
  CHECK(t.first_start("t", 0));
  CHECK_FALSE(t.first_start("t", 0));
  CHECK(t.first_start("t", 1));
  CHECK(t.first_start("u", 0));
  t.assigned("t", 0);
  t.revoked("t", 0);
  t.assigned("t", 0);
  CHECK_FALSE(t.first_start("t", 0));  // a rebalance never rewinds
}
