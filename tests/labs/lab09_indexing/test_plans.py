"""Reading SQLite's plans: which steps read a whole table or index, which sort."""

from labs.lab09_indexing.checks.plans import Read, problems

PAGE = "SELECT articles.id FROM articles ORDER BY articles.created_at DESC LIMIT ?"


def test_a_search_through_an_index_is_no_problem() -> None:
    read = Read(PAGE, ["SEARCH articles USING INDEX ix_a (author_id=?)"])
    assert list(problems([read], in_order=True)) == []


def test_a_scan_of_a_table_is_a_problem() -> None:
    read = Read(PAGE, ["SCAN articles", "USE TEMP B-TREE FOR ORDER BY"])
    assert len(list(problems([read], in_order=False))) == 1


def test_walking_the_articles_in_order_through_an_index_is_allowed_where_asked() -> None:
    read = Read(PAGE, ["SCAN articles USING INDEX ix_articles_created_at_id"])
    assert list(problems([read], in_order=True, newest_first_walk=True)) == []
    assert len(list(problems([read], in_order=True))) == 1


def test_a_walk_that_sorts_after_is_a_whole_read() -> None:
    read = Read(PAGE, ["SCAN articles USING INDEX ix_other", "USE TEMP B-TREE FOR ORDER BY"])
    assert read.whole_reads(newest_first_walk=True) == ["SCAN articles USING INDEX ix_other"]


def test_a_sort_is_a_problem_only_where_the_order_must_come_from_an_index() -> None:
    read = Read(
        PAGE, ["SEARCH articles USING INDEX ix_a (author_id=?)", "USE TEMP B-TREE FOR ORDER BY"]
    )
    assert list(problems([read], in_order=False)) == []
    assert len(list(problems([read], in_order=True))) == 1


def test_skip_scans_and_automatic_indexes_are_whole_reads() -> None:
    skip = "SEARCH favorites USING COVERING INDEX pk (ANY(user_id) AND article_id=?)"
    automatic = "SEARCH favorites USING AUTOMATIC COVERING INDEX (article_id=?)"
    assert Read(PAGE, [skip, automatic]).whole_reads(newest_first_walk=False) == [skip, automatic]


def test_counting_every_article_may_read_them_all() -> None:
    read = Read("SELECT count(articles.id) AS count_1 FROM articles", ["SCAN articles"])
    assert list(problems([read], in_order=False)) == []
    counted = Read(
        "SELECT count(articles.id) FROM articles WHERE articles.author_id = ?", ["SCAN articles"]
    )
    assert len(list(problems([counted], in_order=False))) == 1
